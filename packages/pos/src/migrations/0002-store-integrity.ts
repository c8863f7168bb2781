import type { Migration } from './migration.ts';

/**
 * What the engine needs to find damage in its own file and to survive it
 * (see `src/integrity/` and `src/recovery/`):
 * - `row_checksum` on every table: CRC-32 of the row's columns, written with
 *   the row and checked at open. NULL until the engine seals the store, right
 *   after this migration (SQL alone cannot compute a CRC-32).
 * - `store_state`: what the journal and the checks compare the file with.
 * - `withdrawn_items`: orders taken back because they could not be made
 *   durable twice (the journal could not be written), kept as evidence.
 */
export const storeIntegrity: Migration = {
  version: 2,
  name: 'store integrity',
  sql: `
ALTER TABLE device_state ADD COLUMN row_checksum INTEGER;
ALTER TABLE categories ADD COLUMN row_checksum INTEGER;
ALTER TABLE products ADD COLUMN row_checksum INTEGER;
ALTER TABLE orders ADD COLUMN row_checksum INTEGER;
ALTER TABLE order_items ADD COLUMN row_checksum INTEGER;
ALTER TABLE outbox ADD COLUMN row_checksum INTEGER;
ALTER TABLE rejected_items ADD COLUMN row_checksum INTEGER;

CREATE TABLE store_state (
  -- The facts the open checks compare the file with: one row.
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- PRAGMA user_version and a CRC-32 of sqlite_master as last sealed: a
  -- damaged schema or version number shows as a difference.
  schema_version INTEGER NOT NULL,
  schema_checksum INTEGER NOT NULL,
  -- Bumped by every write transaction of the engine; journal records carry
  -- it, so a transaction the file lost (a deleted -wal) shows as a gap.
  commit_seq INTEGER NOT NULL CHECK (commit_seq >= 0),
  -- The highest work item seq ever handed out; mirrors sqlite_sequence.
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
  -- 0 until every row has its checksum.
  sealed INTEGER NOT NULL CHECK (sealed IN (0, 1)),
  row_checksum INTEGER
) STRICT;

INSERT INTO store_state (id, schema_version, schema_checksum, commit_seq, last_seq, sealed)
VALUES (1, 0, 0, 0, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), 0);

CREATE TABLE withdrawn_items (
  -- Orders stored in SQLite whose journal record could not be written (the
  -- storage was full), taken back in a second transaction and reported as
  -- not taken. Kept with their exact payload; never sent.
  seq INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  order_id TEXT,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  created_at INTEGER NOT NULL,
  withdrawn_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  row_checksum INTEGER
) STRICT;
`,
};
