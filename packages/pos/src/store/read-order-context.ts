import type { AttendeeTier, WristbandStatus } from '@tabline/domain';
import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { SaleContext } from './read-device-state.ts';

/** A wristband as the last pull described it. */
export interface KnownWristband {
  readonly uid: string;
  readonly status: WristbandStatus;
  readonly tier: AttendeeTier;
  readonly tabLimitCents: number | null;
}

/**
 * Everything `placeOrder` reads of the store but the catalog, as of its write
 * transaction. As five statements (device state, wristband, its unconfirmed
 * total, the next seq, the commit counter) these cost a tenth of placing an
 * order; here they are one, and `PRAGMA data_version`.
 */
export interface OrderContext {
  readonly sale: SaleContext;
  /** The band from the pulled list, or undefined for a band this POS has not heard of. */
  readonly band: KnownWristband | undefined;
  /** What the band's orders still queued on this POS add up to. */
  readonly unconfirmedCents: number;
  /** The seq the order's work item gets: see `nextDeviceSeq`. */
  readonly nextSeq: number;
  /** The `store_state` row (its sealed columns), for `recordCommitFrom`. */
  readonly storeState: Row;
  /** SQLite's `PRAGMA data_version`: it moves when another connection commits. */
  readonly dataVersion: number;
}

interface OrderContextRow extends SaleContext {
  readonly bandUid: string | null;
  readonly bandStatus: WristbandStatus | null;
  readonly bandTier: AttendeeTier | null;
  readonly bandTabLimitCents: number | null;
  readonly unconfirmedCents: number;
  readonly nextSeq: number;
}

const ORDER_CONTEXT_SQL = `
SELECT d.currency, d.time_zone AS timeZone, d.location_id AS locationId,
       d.catalog_cursor AS catalogCursor,
       d.offline_spending_limit_cents AS offlineSpendingLimitCents,
       w.uid AS bandUid, w.status AS bandStatus, w.tier AS bandTier,
       w.tab_limit_cents AS bandTabLimitCents,
       (SELECT coalesce(sum(total_cents), 0) FROM orders
         WHERE wristband_uid = ? AND sync_state = 'queued') AS unconfirmedCents,
       coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1 AS nextSeq,
       ${STORE_STATE.columns.map((column) => `s.${column}`).join(', ')}
  FROM device_state AS d
  JOIN store_state AS s ON s.id = 1
  LEFT JOIN wristbands AS w ON w.uid = ?
 WHERE d.id = 1`;

/** Reads the order's context; call inside the write transaction that stores the order. */
export function readOrderContext(db: SqliteDatabase, wristbandUid: string): OrderContext {
  const row = db.get<OrderContextRow & Row>(ORDER_CONTEXT_SQL, [wristbandUid, wristbandUid]);
  // A statement of its own: as a table-valued function in the SELECT above,
  // SQLite would prepare the pragma again at every call.
  const dataVersion = db.get<{ data_version: number }>('PRAGMA data_version')?.data_version;
  assert(typeof dataVersion === 'number', 'PRAGMA data_version answers');
  assert(row !== undefined, 'the device_state and store_state rows exist');
  assert(Number.isSafeInteger(row.nextSeq), 'sqlite_sequence answers a seq');
  const storeState: Record<string, Row[string]> = {};
  for (const column of STORE_STATE.columns) storeState[column] = row[column] ?? null;
  return {
    sale: {
      currency: row.currency,
      timeZone: row.timeZone,
      locationId: row.locationId,
      catalogCursor: row.catalogCursor,
      offlineSpendingLimitCents: row.offlineSpendingLimitCents,
    },
    band: bandOf(row),
    unconfirmedCents: row.unconfirmedCents,
    nextSeq: row.nextSeq,
    storeState,
    dataVersion,
  };
}

function bandOf(row: OrderContextRow): KnownWristband | undefined {
  if (row.bandUid === null || row.bandStatus === null || row.bandTier === null) return undefined;
  return {
    uid: row.bandUid,
    status: row.bandStatus,
    tier: row.bandTier,
    tabLimitCents: row.bandTabLimitCents,
  };
}
