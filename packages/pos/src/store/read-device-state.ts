import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { SyncError } from '../sync/sync-report.ts';

/** The single `device_state` row: what the last pull said and how sync went. */
export interface DeviceState {
  readonly eventId: string | null;
  readonly eventName: string | null;
  readonly currency: string | null;
  readonly timeZone: string | null;
  readonly deviceId: string | null;
  readonly deviceName: string | null;
  readonly locationId: string | null;
  /** Null until the first pull; the POS cannot price orders before. */
  readonly catalogCursor: string | null;
  readonly catalogPulledAt: number | null;
  readonly lastSyncAt: number | null;
  readonly lastSyncError: SyncError | null;
  /** The event's offline rules, from the last pull (null before it). */
  readonly offlineSpendingLimitCents: number | null;
  readonly offlineWarningSeconds: number | null;
}

interface DeviceStateRow extends Omit<DeviceState, 'lastSyncError'> {
  readonly lastSyncError: string | null;
}

export function readDeviceState(db: SqliteDatabase): DeviceState {
  const row = db.get<DeviceStateRow>(
    `SELECT event_id AS eventId, event_name AS eventName, currency, time_zone AS timeZone,
            device_id AS deviceId, device_name AS deviceName, location_id AS locationId,
            catalog_cursor AS catalogCursor, catalog_pulled_at AS catalogPulledAt,
            last_sync_at AS lastSyncAt, last_sync_error AS lastSyncError,
            offline_spending_limit_cents AS offlineSpendingLimitCents,
            offline_warning_seconds AS offlineWarningSeconds
       FROM device_state WHERE id = 1`,
  );
  assert(row !== undefined, 'the device_state row exists (migration 1 inserts it)');
  const lastSyncError =
    row.lastSyncError === null ? null : (JSON.parse(row.lastSyncError) as SyncError);
  return { ...row, lastSyncError };
}

/** What taking an order needs of `device_state`, and nothing more. */
export type SaleContext = Pick<
  DeviceState,
  'currency' | 'timeZone' | 'locationId' | 'catalogCursor' | 'offlineSpendingLimitCents'
>;

/**
 * `readDeviceState` narrowed to what `placeOrder` uses (through the pull
 * cache, once per pull): the whole row would parse the last sync error too.
 */
export function readSaleContext(db: SqliteDatabase): SaleContext {
  const row = db.get<SaleContext>(
    `SELECT currency, time_zone AS timeZone, location_id AS locationId,
            catalog_cursor AS catalogCursor,
            offline_spending_limit_cents AS offlineSpendingLimitCents
       FROM device_state WHERE id = 1`,
  );
  assert(row !== undefined, 'the device_state row exists (migration 1 inserts it)');
  return row;
}
