/**
 * The damaged database's part of a rebuild: what it still gives with intact
 * checksums (synced orders with their items, confirmed voids and refunds,
 * queued and rejected work items with their orders or adjustments rebuilt
 * from their payload, withdrawn items, the catalog, the approving managers
 * and the device's identity), and every seq and commit count it still shows.
 */
import type { SealedTable } from '../integrity/sealed-tables.ts';
import {
  ADJUSTMENTS,
  APPROVERS,
  CATEGORIES,
  DEVICE_STATE,
  ORDERS,
  ORDER_ITEMS,
  OUTBOX,
  PRODUCTS,
  PROMOTIONS,
  REJECTED_ITEMS,
  STORE_STATE,
  WITHDRAWN_ITEMS,
  WRISTBANDS,
} from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from '../store/insert-sealed-row.ts';
import { resealRow } from '../store/reseal-row.ts';
import type { RebuiltOrderState } from './order-rows-from-work-item.ts';
import { parseWorkItem } from './parse-work-item.ts';
import { hasSubject, insertSalvaged, insertWorkItemRows, isWholeOrder } from './restore-rows.ts';
import type { SalvageTally } from './salvage-rows.ts';
import {
  checkReadable,
  newSalvageTally,
  salvageRows,
  salvageRowsWhere,
  tryRead,
} from './salvage-rows.ts';

/** What the damaged database gave. */
export interface DatabaseSalvage {
  /** False when there was no database file or SQLite could not read it at all. */
  readonly read: boolean;
  readonly queued: number;
  readonly rejected: number;
  readonly syncedOrders: number;
  /** Voids and refunds the server had confirmed. */
  readonly confirmedAdjustments: number;
  readonly withdrawn: number;
  /** Every catalog row was read and intact: the menu is kept and needs no full pull. */
  readonly catalogComplete: boolean;
  readonly rows: SalvageTally;
  /** Intact rows that could not be used (an order missing items, a payload that is no work item). */
  readonly unusable: number;
}

/** Seqs and commit counts seen, to number past them. */
export interface Candidates {
  readonly seqs: number[];
  readonly commits: number[];
}

export interface FromDatabase {
  readonly salvage: DatabaseSalvage;
  readonly deviceState: boolean;
}

const NOTHING_READ: FromDatabase = {
  salvage: {
    read: false,
    queued: 0,
    rejected: 0,
    syncedOrders: 0,
    confirmedAdjustments: 0,
    withdrawn: 0,
    catalogComplete: false,
    rows: newSalvageTally(),
    unusable: 0,
  },
  deviceState: false,
};

export function restoreFromDatabase(
  target: SqliteDatabase,
  damaged: SqliteDatabase | null,
  candidates: Candidates,
): FromDatabase {
  if (damaged === null) return NOTHING_READ;
  const tally = newSalvageTally();
  const unusable = { count: 0 };
  if (!checkReadable(damaged, tally))
    return { ...NOTHING_READ, salvage: { ...NOTHING_READ.salvage, rows: tally } };
  collectSeqCandidates(damaged, tally, candidates);
  const catalog = restoreCatalog(target, damaged, tally);
  const syncedOrders = restoreSyncedOrders(target, damaged, tally, unusable);
  const confirmedAdjustments = restoreConfirmedAdjustments(target, damaged, tally);
  const queued = restoreWorkItems(target, damaged, OUTBOX, tally, unusable);
  const rejected = restoreWorkItems(target, damaged, REJECTED_ITEMS, tally, unusable);
  let withdrawn = 0;
  for (const row of salvageRows(damaged, WITHDRAWN_ITEMS, tally)) {
    if (insertSalvaged(target, WITHDRAWN_ITEMS, row)) withdrawn++;
  }
  return {
    salvage: {
      read: tally.verified > 0 || tally.unverified > 0,
      queued,
      rejected,
      syncedOrders,
      confirmedAdjustments,
      withdrawn,
      catalogComplete: catalog.complete,
      rows: tally,
      unusable: unusable.count,
    },
    deviceState: catalog.deviceState,
  };
}

/**
 * Every seq and commit count the damaged file still shows, intact or not: a
 * damaged value at worst leaves a gap in the numbering, which is harmless;
 * missing one could hand a seq out twice.
 */
function collectSeqCandidates(damaged: SqliteDatabase, tally: SalvageTally, into: Candidates) {
  for (const row of salvageRows(damaged, STORE_STATE, tally)) {
    into.seqs.push(Number(row['last_seq']));
    into.commits.push(Number(row['commit_seq']));
  }
  for (const sql of [
    `SELECT seq AS n FROM sqlite_sequence WHERE name = 'outbox'`,
    'SELECT max(seq) AS n FROM outbox',
    'SELECT max(seq) AS n FROM rejected_items',
    'SELECT max(seq) AS n FROM withdrawn_items',
  ]) {
    const found = tryRead(tally, () => damaged.get<{ n: unknown }>(sql)?.n);
    if (typeof found === 'number') into.seqs.push(found);
  }
}

/**
 * The catalog rows that are intact (categories, products, promotions and the
 * wristband list: everything the pull cursor covers), the approving
 * managers, and the device's identity. The catalog cursor is kept only when
 * every catalog row was read and intact: with a row missing, the next pull
 * must start from scratch, and until then the engine refuses orders
 * (`catalog.missing`) rather than sell from half a menu, or price without a
 * promotion, or serve a band blocked since.
 */
function restoreCatalog(target: SqliteDatabase, damaged: SqliteDatabase, tally: SalvageTally) {
  const catalogTally = { ...newSalvageTally(), unreadable: tally.unreadable };
  for (const table of [CATEGORIES, PRODUCTS, PROMOTIONS, WRISTBANDS]) {
    for (const row of salvageRows(damaged, table, catalogTally)) insertSalvaged(target, table, row);
  }
  const complete = catalogTally.unverified === 0 && catalogTally.readErrors === 0;
  addTally(tally, catalogTally);
  // Every pull replaces the whole list, so a manager missing here only waits for the next one.
  for (const row of salvageRows(damaged, APPROVERS, tally)) insertSalvaged(target, APPROVERS, row);
  const device = [...salvageRows(damaged, DEVICE_STATE, tally)][0];
  if (device === undefined) return { complete: false, deviceState: false };
  const kept = complete ? device : { ...device, catalog_cursor: null, catalog_pulled_at: null };
  const columns = DEVICE_STATE.columns.filter((column) => column !== 'id');
  target.run(
    `UPDATE device_state SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = 1`,
    columns.map((column) => kept[column] ?? null),
  );
  resealRow(target, DEVICE_STATE, [1]);
  return { complete: complete && device['catalog_cursor'] !== null, deviceState: true };
}

/** Synced orders whose row and every item are intact and add up. */
function restoreSyncedOrders(
  target: SqliteDatabase,
  damaged: SqliteDatabase,
  tally: SalvageTally,
  unusable: { count: number },
): number {
  let restored = 0;
  for (const order of salvageRows(damaged, ORDERS, tally)) {
    if (order['sync_state'] !== 'synced') continue;
    const items = salvageRowsWhere(damaged, ORDER_ITEMS, 'order_id', order['id']!, tally);
    if (!isWholeOrder(order, items) || !insertSalvaged(target, ORDERS, order)) {
      unusable.count++;
      continue;
    }
    for (const item of items) insertSealedRow(target, ORDER_ITEMS, item);
    restored++;
  }
  return restored;
}

/**
 * Voids and refunds the server confirmed, whose rows are intact. Their order
 * need not be: an adjustment row names its order without a foreign key.
 */
function restoreConfirmedAdjustments(
  target: SqliteDatabase,
  damaged: SqliteDatabase,
  tally: SalvageTally,
): number {
  let restored = 0;
  for (const row of salvageRows(damaged, ADJUSTMENTS, tally)) {
    if (row['status'] === 'confirmed' && insertSalvaged(target, ADJUSTMENTS, row)) restored++;
  }
  return restored;
}

/**
 * Queued (OUTBOX) or rejected (REJECTED_ITEMS) work items, each with its
 * order (or its void or refund) rebuilt from its payload (the order's own
 * row may be the damaged one). An item whose order is already restored as
 * synced (or whose adjustment as confirmed) was answered: it is not queued
 * again.
 */
function restoreWorkItems(
  target: SqliteDatabase,
  damaged: SqliteDatabase,
  table: SealedTable,
  tally: SalvageTally,
  unusable: { count: number },
): number {
  let restored = 0;
  for (const row of salvageRows(damaged, table, tally)) {
    const workItem = parseWorkItem(String(row['payload']));
    if (workItem === null) {
      unusable.count++;
      continue;
    }
    if (hasSubject(target, workItem) || !insertSalvaged(target, table, row)) continue;
    const state: RebuiltOrderState =
      table === OUTBOX
        ? { syncState: 'queued' }
        : { syncState: 'rejected', code: String(row['code']), message: String(row['message']) };
    insertWorkItemRows(target, workItem, state);
    restored++;
  }
  return restored;
}

function addTally(into: SalvageTally, from: SalvageTally): void {
  into.verified += from.verified;
  into.unverified += from.unverified;
  into.readErrors += from.readErrors;
  into.unreadable ||= from.unreadable;
}
