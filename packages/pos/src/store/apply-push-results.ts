import { assert } from '@tabline/domain';
import type { AcceptedAdjustment, AcceptedOrder, ItemResult } from '@tabline/protocol';
import { assertNever } from '../assert-never.ts';
import { inTransaction } from '../in-transaction.ts';
import { ADJUSTMENTS, DEVICE_STATE, ORDERS, REJECTED_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { PushCandidate } from './read-push-candidates.ts';
import { recordCommit } from './record-commit.ts';
import { resealRow, sealUpdatedRow, sealUpdatedRows } from './reseal-row.ts';
import type { Row } from '../integrity/row-checksum.ts';

/** The server's reason for refusing an item. */
type Reason = { readonly code: string; readonly message: string };

export interface AppliedCounts {
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * Applies the server's answer to one push, in one transaction: the items
 * leave the outbox together with the updates of their orders (or of their
 * voids and refunds), so a crash cannot leave an item deleted but its order
 * unsynced, or the other way round. Both outcomes are final (the server
 * stored them under the item's key). `checkPushResponse` has matched each
 * result to its item.
 */
export function applyPushResults(
  db: SqliteDatabase,
  batch: readonly PushCandidate[],
  results: readonly ItemResult[],
  answeredAt: number,
): AppliedCounts {
  assert(batch.length === results.length, 'one result per item');
  return inTransaction(db, () => {
    let accepted = 0;
    let rejected = 0;
    const completed: AcceptedOrder[] = [];
    batch.forEach((candidate, index) => {
      const result = results[index]!;
      switch (result.outcome) {
        case 'accepted':
          if ('order' in result) completed.push(result.order);
          else confirmAdjustment(db, result.adjustment);
          accepted++;
          break;
        case 'rejected':
          parkWorkItem(db, candidate, result.error, answeredAt);
          rejected++;
          break;
        default:
          assertNever(result, 'push outcome');
      }
    });
    completeOrders(db, completed);
    deleteWorkItems(
      db,
      batch.map((candidate) => candidate.seq),
    );
    db.run('UPDATE device_state SET last_sync_at = ?, last_sync_error = NULL WHERE id = 1', [
      answeredAt,
    ]);
    resealRow(db, DEVICE_STATE, [1]);
    recordCommit(db);
    return { accepted, rejected };
  });
}

/**
 * The server recorded the orders: keep what it said (their work items leave
 * with the batch). One statement for the batch and one to seal it, not two
 * per order: answering a push is most of a device's work while it drains a
 * backlog.
 */
function completeOrders(db: SqliteDatabase, orders: readonly AcceptedOrder[]) {
  if (orders.length === 0) return;
  const rows = db.all<Row>(
    `UPDATE orders SET sync_state = 'synced', server_received_at = answer.received_at,
                       server_flags = answer.flags
       FROM (SELECT value ->> 0 AS answered_id, value ->> 1 AS received_at, value ->> 2 AS flags
               FROM json_each(?)) AS answer
      WHERE id = answer.answered_id AND sync_state = 'queued'
      RETURNING ${ORDERS.columns.join(', ')}`,
    [
      JSON.stringify(
        orders.map((order) => [order.orderId, order.receivedAt, JSON.stringify(order.flags)]),
      ),
    ],
  );
  assert(rows.length === orders.length, `the ${orders.length} accepted orders were queued`);
  sealUpdatedRows(db, ORDERS, rows);
}

/**
 * The server recorded the void or refund: keep what it took back (for a
 * void, what was left of the order) and when.
 */
function confirmAdjustment(db: SqliteDatabase, adjustment: AcceptedAdjustment) {
  const row = db.get<Row>(
    `UPDATE adjustments SET status = 'confirmed', server_amount_cents = ?, server_received_at = ?
      WHERE id = ? AND status = 'queued'
      RETURNING ${ADJUSTMENTS.columns.join(', ')}`,
    [adjustment.amountCents, adjustment.receivedAt, adjustment.adjustmentId],
  );
  assert(row !== undefined, `adjustment ${adjustment.adjustmentId} was queued`);
  sealUpdatedRow(db, ADJUSTMENTS, row);
}

/**
 * The server refused the item: move it, with its exact payload and the
 * server's reason, to the dead-letter table where staff see it, and mark its
 * order (or its void or refund). The items behind it go on syncing.
 */
function parkWorkItem(
  db: SqliteDatabase,
  candidate: PushCandidate,
  reason: Reason,
  rejectedAt: number,
) {
  db.run(
    `INSERT INTO rejected_items (seq, idempotency_key, kind, order_id, payload, amount_cents,
                                 created_at, attempts, code, message, rejected_at)
     SELECT seq, idempotency_key, kind, order_id, payload, amount_cents,
            created_at, attempts, ?, ?, ?
       FROM outbox WHERE seq = ?`,
    [reason.code, reason.message, rejectedAt, candidate.seq],
  );
  resealRow(db, REJECTED_ITEMS, [candidate.seq]);
  switch (candidate.kind) {
    case 'order.place':
      return rejectOrder(db, candidate, reason);
    case 'order.adjust':
      return rejectAdjustment(db, candidate, reason);
    default:
      assertNever(candidate.kind, 'work item kind');
  }
}

function rejectOrder(db: SqliteDatabase, candidate: PushCandidate, reason: Reason) {
  assert(candidate.orderId !== null, 'an order.place item names its order');
  const updated = db.run(
    `UPDATE orders SET sync_state = 'rejected', rejection_code = ?, rejection_message = ?
      WHERE id = ? AND sync_state = 'queued'`,
    [reason.code, reason.message, candidate.orderId],
  );
  assert(updated.changes === 1, `order ${candidate.orderId} was queued`);
  resealRow(db, ORDERS, [candidate.orderId]);
}

function rejectAdjustment(db: SqliteDatabase, candidate: PushCandidate, reason: Reason) {
  const row = db.get<Row>(
    `UPDATE adjustments SET status = 'rejected', rejection_code = ?, rejection_message = ?
      WHERE seq = ? AND status = 'queued'
      RETURNING ${ADJUSTMENTS.columns.join(', ')}`,
    [reason.code, reason.message, candidate.seq],
  );
  assert(row !== undefined, `the adjustment of work item ${candidate.seq} was queued`);
  sealUpdatedRow(db, ADJUSTMENTS, row);
}

/** Drops the answered work items, every one of which must still be queued. */
function deleteWorkItems(db: SqliteDatabase, seqs: readonly number[]): void {
  const deleted = db.run('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))', [
    JSON.stringify(seqs),
  ]);
  assert(deleted.changes === seqs.length, `the ${seqs.length} answered work items were queued`);
}
