import type { Migration } from './migration.ts';

/**
 * The first schema: device state, the catalog, orders and their items, the
 * outbox and the dead-letter table. Comments inside CREATE statements are kept
 * by SQLite in `sqlite_master`, so they also document `schema.sql`. Money is
 * INTEGER cents in STRICT tables, where SQLite refuses anything but integers.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE device_state (
  -- What the device learnt from its last pull, and how its sync went: one row.
  id INTEGER PRIMARY KEY CHECK (id = 1),
  event_id TEXT,
  event_name TEXT,
  currency TEXT,
  time_zone TEXT,
  device_id TEXT,
  device_name TEXT,
  location_id TEXT,
  -- The opaque cursor of the last pull (digits), sent back on the next one and
  -- recorded in each order as its catalog version. NULL until the first pull.
  catalog_cursor TEXT,
  catalog_pulled_at INTEGER,
  -- When the server last answered a push, epoch ms on the device clock.
  last_sync_at INTEGER,
  -- The error that stopped the last sync, as JSON; NULL once a push is answered.
  last_sync_error TEXT CHECK (last_sync_error IS NULL OR json_valid(last_sync_error)),
  CHECK (
    catalog_cursor IS NULL
    OR (event_id IS NOT NULL AND currency IS NOT NULL AND device_id IS NOT NULL)
  )
) STRICT;

INSERT INTO device_state (id) VALUES (1);

CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  -- 0 once taken off the menu: records are marked, never deleted.
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  -- No foreign key: one pull may name a category before the page that holds it.
  category_id TEXT,
  name TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  position INTEGER NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE INDEX products_by_category ON products (category_id, position);

CREATE TABLE orders (
  -- Made by the POS (UUIDv7) when the order was placed; the server keeps it.
  id TEXT PRIMARY KEY,
  wristband_uid TEXT NOT NULL,
  location_id TEXT,
  currency TEXT NOT NULL,
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  -- Epoch ms on the device clock.
  placed_at INTEGER NOT NULL,
  -- The catalog cursor the order was priced with.
  catalog_version INTEGER NOT NULL,
  sync_state TEXT NOT NULL DEFAULT 'queued'
    CHECK (sync_state IN ('queued', 'synced', 'rejected')),
  -- The server's answer to an accepted order: its receive time as it sent it
  -- (RFC 3339 text) and the reasons it flagged the order for review (JSON).
  server_received_at TEXT,
  server_flags TEXT CHECK (server_flags IS NULL OR json_valid(server_flags)),
  -- The server's reason for a rejected order.
  rejection_code TEXT,
  rejection_message TEXT,
  CHECK ((sync_state = 'synced') = (server_received_at IS NOT NULL AND server_flags IS NOT NULL)),
  CHECK ((sync_state = 'rejected') = (rejection_code IS NOT NULL AND rejection_message IS NOT NULL))
) STRICT;

CREATE INDEX orders_by_placed_at ON orders (placed_at);

CREATE TABLE order_items (
  order_id TEXT NOT NULL REFERENCES orders (id),
  line_no INTEGER NOT NULL CHECK (line_no >= 1),
  product_id TEXT NOT NULL,
  -- Copied from the catalog when the order was placed, so the order keeps
  -- meaning what it meant after the catalog changes.
  product_name TEXT NOT NULL,
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
  -- Work items waiting for the server, pushed in seq order. seq is the device
  -- sequence number (deviceSeq); AUTOINCREMENT never hands one out twice.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Made when the item was queued and sent with every retry.
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('order.place')),
  order_id TEXT REFERENCES orders (id),
  -- The work item's exact JSON: every retry sends the same bytes.
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  -- The money this item carries, for the amount at risk.
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  created_at INTEGER NOT NULL,
  -- Pushes that did not get an answer, the last one's time and error.
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at INTEGER,
  last_error TEXT,
  CHECK (kind <> 'order.place' OR order_id IS NOT NULL)
) STRICT;

CREATE INDEX outbox_by_order ON outbox (order_id);

CREATE TABLE rejected_items (
  -- The dead letters: work items the server refused, parked with its reason
  -- for staff to see, so they never block the items behind them.
  seq INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  order_id TEXT REFERENCES orders (id),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  rejected_at INTEGER NOT NULL
) STRICT;

CREATE INDEX rejected_items_by_order ON rejected_items (order_id);
`,
};
