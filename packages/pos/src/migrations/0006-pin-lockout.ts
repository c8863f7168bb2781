import type { Migration } from './migration.ts';

/**
 * The PIN attempt lockout (`pin-lockout/`): wrong manager PINs in a row on
 * this device and the lockouts they started, kept in the store so that
 * closing or killing the app does not start the count afresh.
 *
 * The table starts empty (no row is no wrong PIN), so no existing row
 * changes and nothing needs resealing: the engine writes the one row, with
 * its checksum, at the first wrong PIN.
 */
export const pinLockout: Migration = {
  version: 6,
  name: 'pin lockout',
  sql: `
CREATE TABLE pin_lockout (
  -- One row at most. It names no manager: the count is the device's, for
  -- whichever managers were chosen, and says nothing about whose PIN was tried.
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- Wrong PINs since the last right one (a refusal while locked is no try).
  wrong_pins_in_row INTEGER NOT NULL CHECK (wrong_pins_in_row >= 0),
  -- Lockouts since the last right PIN: the next one lasts twice the last.
  lockouts INTEGER NOT NULL CHECK (lockouts >= 0),
  -- When the last lockout ends (epoch ms, device clock); kept once it has
  -- ended, NULL when there has been none.
  locked_until INTEGER,
  row_checksum INTEGER,
  CHECK ((lockouts = 0) = (locked_until IS NULL))
) STRICT;
`,
};
