/**
 * Writing what survived into the rebuilt store: rows as they were read, and
 * orders (or voids and refunds) rebuilt from their work item, each only once.
 */
import type { WorkItem } from '@tabline/protocol';
import { assertNever } from '../assert-never.ts';
import type { Row } from '../integrity/row-checksum.ts';
import type { SealedTable } from '../integrity/sealed-tables.ts';
import { ADJUSTMENTS, ORDERS, ORDER_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import { adjustmentRow } from '../store/adjustment-row.ts';
import type { UnansweredAdjustment } from '../store/adjustment-row.ts';
import { insertSealedRow } from '../store/insert-sealed-row.ts';
import type { RebuiltOrderState } from './order-rows-from-work-item.ts';
import { orderRowsFromWorkItem } from './order-rows-from-work-item.ts';

/** The rows of what a work item is about, rebuilt from it: an order and its items, or an adjustment. */
export function insertWorkItemRows(
  target: SqliteDatabase,
  workItem: WorkItem,
  state: RebuiltOrderState,
): void {
  switch (workItem.kind) {
    case 'order.place': {
      const { order, items } = orderRowsFromWorkItem(workItem, state);
      insertSealedRow(target, ORDERS, order);
      for (const item of items) insertSealedRow(target, ORDER_ITEMS, item);
      return;
    }
    case 'order.adjust': {
      const status: UnansweredAdjustment =
        state.syncState === 'queued'
          ? { status: 'queued' }
          : { status: 'rejected', code: state.code, message: state.message };
      insertSealedRow(target, ADJUSTMENTS, adjustmentRow(workItem, status));
      return;
    }
    default:
      assertNever(workItem, 'work item kind');
  }
}

/**
 * Whether what the work item is about is in the rebuilt store already: its
 * order (or its void or refund) was restored as answered, or queued once.
 */
export function hasSubject(target: SqliteDatabase, workItem: WorkItem): boolean {
  switch (workItem.kind) {
    case 'order.place':
      return hasOrder(target, workItem.payload.orderId);
    case 'order.adjust':
      return (
        target.get('SELECT 1 AS found FROM adjustments WHERE id = ?', [
          workItem.payload.adjustmentId,
        ]) !== undefined
      );
    default:
      return assertNever(workItem, 'work item kind');
  }
}

/**
 * Inserts a row read from the damaged file, unless its key is taken: a
 * damaged b-tree can show a row twice, and the first one read stands.
 */
export function insertSalvaged(target: SqliteDatabase, table: SealedTable, row: Row): boolean {
  try {
    insertSealedRow(target, table, row);
    return true;
  } catch (error) {
    if (error instanceof SqliteError && error.primaryResultCode === SQLITE_CONSTRAINT) return false;
    throw error;
  }
}

const SQLITE_CONSTRAINT = 19;

export function hasOrder(target: SqliteDatabase, orderId: string): boolean {
  return target.get('SELECT 1 AS found FROM orders WHERE id = ?', [orderId]) !== undefined;
}

export function hasSeq(target: SqliteDatabase, seq: number): boolean {
  return (
    target.get(
      `SELECT 1 AS found FROM outbox WHERE seq = ?
       UNION ALL SELECT 1 FROM rejected_items WHERE seq = ?
       UNION ALL SELECT 1 FROM withdrawn_items WHERE seq = ?`,
      [seq, seq, seq],
    ) !== undefined
  );
}

export function countRows(db: SqliteDatabase, table: string): number {
  return db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)!.n;
}

/** An order with items numbered 1, 2, 3… that add up to its total. */
export function isWholeOrder(order: Row, items: readonly Row[] | null): items is readonly Row[] {
  if (items === null || items.length === 0) return false;
  let sum = 0;
  for (const [index, item] of items.entries()) {
    if (item['line_no'] !== index + 1) return false;
    sum += Number(item['unit_price_cents']) * Number(item['quantity']);
  }
  return sum === order['total_cents'];
}
