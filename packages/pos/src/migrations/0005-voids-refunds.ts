import type { Migration } from './migration.ts';

/**
 * Voids and refunds, approved offline by a manager's PIN:
 * - `approvers`: the managers whose PIN can approve on this device, as the
 *   last pull listed them (each pull replaces the whole list);
 * - `adjustments`: the voids and refunds this device queued, beside their
 *   orders (an order is never changed back), and what the server said;
 * - `outbox` again, to let its kind be `order.adjust` too (SQLite cannot
 *   change a CHECK in place). The old table is renamed away, the new one
 *   takes its name and rows, and the AUTOINCREMENT counter (which SQLite
 *   drops with the old table) is put back, so no seq is handed out twice.
 *   Every row keeps its checksum: the columns, and so the checksums, are
 *   the same. No other table changes, so no reseal is needed.
 */
export const voidsRefunds: Migration = {
  version: 5,
  name: 'voids and refunds',
  sql: `
CREATE TABLE approvers (
  -- Managers whose PIN approves voids and refunds on this device, as the last
  -- pull listed them: enough to check a PIN (PBKDF2 salt, iterations and the
  -- PIN key's verifier), not to sign with it.
  staff_user_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  pin_key_id TEXT NOT NULL,
  salt_hex TEXT NOT NULL,
  iterations INTEGER NOT NULL CHECK (iterations >= 1),
  verifier_hex TEXT NOT NULL,
  row_checksum INTEGER
) STRICT;

CREATE TABLE adjustments (
  -- Voids and refunds this device queued. The id is made by the POS (UUIDv7)
  -- and signed, with the other fields, by the approving manager's PIN key.
  id TEXT PRIMARY KEY,
  -- The seq (deviceSeq) of its order.adjust work item.
  seq INTEGER NOT NULL UNIQUE,
  -- No foreign key: a store rebuilt after damage keeps a queued void or
  -- refund even when its order's own row was lost (the server has the order).
  order_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
  -- What was asked: a refund's amount; NULL for a void, which takes back what
  -- is left of the order when the server records it (the server may know of
  -- refunds this device never saw).
  amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 1),
  -- Why, in the words of staff, trimmed.
  reason TEXT NOT NULL,
  -- The staff user id of the manager whose PIN approved it.
  approved_by TEXT NOT NULL,
  -- Epoch ms on the device clock.
  placed_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'confirmed', 'rejected')),
  -- The server's answer to an accepted one: what it took back (for a void,
  -- what was left) and its receive time as it sent it (RFC 3339 text).
  server_amount_cents INTEGER CHECK (server_amount_cents IS NULL OR server_amount_cents >= 0),
  server_received_at TEXT,
  -- The server's reason for a rejected one.
  rejection_code TEXT,
  rejection_message TEXT,
  row_checksum INTEGER,
  CHECK ((kind = 'refund') = (amount_cents IS NOT NULL)),
  CHECK ((status = 'confirmed') = (server_amount_cents IS NOT NULL AND server_received_at IS NOT NULL)),
  CHECK ((status = 'rejected') = (rejection_code IS NOT NULL AND rejection_message IS NOT NULL))
) STRICT;

CREATE INDEX adjustments_by_order ON adjustments (order_id);

CREATE TEMP TABLE outbox_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'outbox';
ALTER TABLE outbox RENAME TO outbox_before_adjustments;

CREATE TABLE outbox (
  -- Work items waiting for the server, pushed in seq order. seq is the device
  -- sequence number (deviceSeq); AUTOINCREMENT never hands one out twice.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Made when the item was queued and sent with every retry.
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('order.place', 'order.adjust')),
  -- The order an order.place item records. NULL for an order.adjust item:
  -- its void or refund is the adjustments row with the same seq.
  order_id TEXT REFERENCES orders (id),
  -- The work item's exact JSON: every retry sends the same bytes.
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  -- The sale money this item carries, for the amount at risk: an order's
  -- total; 0 for a void or a refund, which is no sale.
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  created_at INTEGER NOT NULL,
  -- Pushes that did not get an answer, the last one's time and error.
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at INTEGER,
  last_error TEXT,
  row_checksum INTEGER,
  CHECK (kind <> 'order.place' OR order_id IS NOT NULL),
  CHECK (kind <> 'order.adjust' OR (order_id IS NULL AND amount_cents = 0))
) STRICT;

INSERT INTO outbox (seq, idempotency_key, kind, order_id, payload, amount_cents, created_at,
                    attempts, last_attempt_at, last_error, row_checksum)
SELECT seq, idempotency_key, kind, order_id, payload, amount_cents, created_at,
       attempts, last_attempt_at, last_error, row_checksum
  FROM outbox_before_adjustments;

DROP TABLE outbox_before_adjustments;
CREATE INDEX outbox_by_order ON outbox (order_id);

DELETE FROM sqlite_sequence WHERE name = 'outbox';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'outbox', max(seq) FROM (SELECT seq FROM temp.outbox_sequence
                                UNION ALL SELECT max(seq) AS seq FROM outbox)
HAVING max(seq) IS NOT NULL;
DROP TABLE temp.outbox_sequence;
`,
};
