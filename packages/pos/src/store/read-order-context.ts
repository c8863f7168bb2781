import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * What `placeOrder` reads of the store afresh, inside its write transaction,
 * in one statement (and `PRAGMA data_version`): what changes with every
 * order. What changes only when a pull applies comes through the pull cache,
 * keyed on the commit count and data version read here.
 */
export interface OrderContext {
  /** What the band's orders still queued on this POS add up to. */
  readonly unconfirmedCents: number;
  /** The seq the order's work item gets: see `nextDeviceSeq`. */
  readonly nextSeq: number;
  /** The `store_state` row (its sealed columns), for `recordCommitFrom`. */
  readonly storeState: Row;
  /** `store_state.commit_seq`: write transactions of the engine so far. */
  readonly commitSeq: number;
  /** SQLite's `PRAGMA data_version`: it moves when another connection commits. */
  readonly dataVersion: number;
}

interface OrderContextRow {
  readonly unconfirmedCents: number;
  readonly nextSeq: number;
}

const ORDER_CONTEXT_SQL = `
SELECT (SELECT coalesce(sum(total_cents), 0) FROM orders
         WHERE wristband_uid = ? AND sync_state = 'queued') AS unconfirmedCents,
       coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1 AS nextSeq,
       ${STORE_STATE.columns.join(', ')}
  FROM store_state WHERE id = 1`;

/** Reads the order's context; call inside the write transaction that stores the order. */
export function readOrderContext(db: SqliteDatabase, wristbandUid: string): OrderContext {
  const row = db.get<OrderContextRow & Row>(ORDER_CONTEXT_SQL, [wristbandUid]);
  // A statement of its own: as a table-valued function in the SELECT above,
  // SQLite would prepare the pragma again at every call.
  const dataVersion = db.get<{ data_version: number }>('PRAGMA data_version')?.data_version;
  assert(row !== undefined, 'the store_state row exists');
  assert(typeof dataVersion === 'number', 'PRAGMA data_version answers');
  assert(Number.isSafeInteger(row.nextSeq), 'sqlite_sequence answers a seq');
  const storeState: Record<string, Row[string]> = {};
  for (const column of STORE_STATE.columns) storeState[column] = row[column] ?? null;
  const commitSeq = storeState['commit_seq'];
  assert(typeof commitSeq === 'number', 'commit_seq is an integer');
  return {
    unconfirmedCents: row.unconfirmedCents,
    nextSeq: row.nextSeq,
    storeState,
    commitSeq,
    dataVersion,
  };
}
