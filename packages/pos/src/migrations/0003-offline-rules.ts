import type { Migration } from './migration.ts';

/**
 * What the POS needs to price and guard orders offline (issue 3): the
 * promotions and the wristband list it pulls, the event's offline rules, and
 * each order item's discount as priced. New columns of sealed tables change
 * their checksums, so the store is resealed by the open that migrates it.
 */
export const offlineRules: Migration = {
  version: 3,
  name: 'offline rules',
  sql: `
ALTER TABLE device_state ADD COLUMN offline_spending_limit_cents INTEGER
  CHECK (offline_spending_limit_cents IS NULL OR offline_spending_limit_cents >= 0);
ALTER TABLE device_state ADD COLUMN offline_warning_seconds INTEGER
  CHECK (offline_warning_seconds IS NULL OR offline_warning_seconds > 0);

ALTER TABLE order_items ADD COLUMN category_id TEXT;
ALTER TABLE order_items ADD COLUMN discount_cents INTEGER NOT NULL DEFAULT 0
  CHECK (discount_cents >= 0);
ALTER TABLE order_items ADD COLUMN promotion_ids TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(promotion_ids));

CREATE TABLE promotions (
  -- As the server sends it: the shared pricing code's Promotion as JSON.
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  row_checksum INTEGER
) STRICT;

CREATE TABLE wristbands (
  -- The event's wristband list: blocked bands are refused offline, the tier
  -- picks promotions, the tab limit caps what one band may owe unconfirmed.
  uid TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('active', 'blocked')),
  tier TEXT NOT NULL CHECK (tier IN ('standard', 'vip')),
  tab_limit_cents INTEGER CHECK (tab_limit_cents IS NULL OR tab_limit_cents >= 0),
  row_checksum INTEGER
) STRICT;

UPDATE store_state SET sealed = 0, row_checksum = NULL;
`,
};
