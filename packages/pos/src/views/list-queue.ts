import type { WorkItemKind } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';
import type { WorkItemAdjustment, WorkItemAdjustmentColumns } from './work-item-adjustment.ts';
import { WORK_ITEM_ADJUSTMENT_COLUMNS, withAdjustment } from './work-item-adjustment.ts';

/** A work item waiting for the server, as the queue screen shows it. */
export interface QueuedWorkItem {
  /** Its place in the queue and its deviceSeq. */
  readonly seq: number;
  readonly kind: WorkItemKind;
  /** The order it places, or voids or refunds. */
  readonly orderId: string | null;
  readonly wristbandUid: string | null;
  /** The sale money it carries: an order's total; 0 for a void or a refund. */
  readonly amountCents: number;
  /** The void or refund it asks for, or null for an order. */
  readonly adjustment: WorkItemAdjustment | null;
  readonly createdAt: number;
  /** Pushes that got no answer, the last one's time and error. */
  readonly attempts: number;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
}

type QueuedRow = Omit<QueuedWorkItem, 'adjustment'> & WorkItemAdjustmentColumns;

/** The queue, oldest first: the order in which it will be pushed. */
export function listQueue(db: SqliteDatabase, limit: number): QueuedWorkItem[] {
  return db
    .all<QueuedRow>(
      `SELECT o.seq, o.kind, coalesce(o.order_id, a.order_id) AS orderId,
              orders.wristband_uid AS wristbandUid, o.amount_cents AS amountCents,
              ${WORK_ITEM_ADJUSTMENT_COLUMNS},
              o.created_at AS createdAt, o.attempts,
              o.last_attempt_at AS lastAttemptAt, o.last_error AS lastError
         FROM outbox AS o
         LEFT JOIN adjustments AS a ON a.seq = o.seq
         LEFT JOIN orders ON orders.id = coalesce(o.order_id, a.order_id)
        ORDER BY o.seq LIMIT ?`,
      [checkViewLimit(limit)],
    )
    .map(withAdjustment);
}
