import type { WorkItem, WorkItemKind } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';
import type { WorkItemAdjustment, WorkItemAdjustmentColumns } from './work-item-adjustment.ts';
import { WORK_ITEM_ADJUSTMENT_COLUMNS, withAdjustment } from './work-item-adjustment.ts';

/** A work item the server refused, with its reason: a dead letter for staff to act on. */
export interface RejectedItem {
  readonly seq: number;
  readonly kind: WorkItemKind;
  /** The order it placed, or voided or refunded. */
  readonly orderId: string | null;
  readonly wristbandUid: string | null;
  /** The sale money it carried: an order's total; 0 for a void or a refund. */
  readonly amountCents: number;
  /** The void or refund it asked for, or null for an order. */
  readonly adjustment: WorkItemAdjustment | null;
  readonly createdAt: number;
  readonly attempts: number;
  /** The server's error code and message. */
  readonly code: string;
  readonly message: string;
  readonly rejectedAt: number;
  /** The work item exactly as it was pushed. */
  readonly workItem: WorkItem;
}

type RejectedItemRow = Omit<RejectedItem, 'workItem' | 'adjustment'> &
  WorkItemAdjustmentColumns & { readonly payload: string };

/** Parked work items, the latest first. */
export function listRejectedItems(db: SqliteDatabase, limit: number): RejectedItem[] {
  const rows = db.all<RejectedItemRow>(
    `SELECT r.seq, r.kind, coalesce(r.order_id, a.order_id) AS orderId,
            orders.wristband_uid AS wristbandUid, r.amount_cents AS amountCents,
            ${WORK_ITEM_ADJUSTMENT_COLUMNS},
            r.created_at AS createdAt, r.attempts,
            r.code, r.message, r.rejected_at AS rejectedAt, r.payload
       FROM rejected_items AS r
       LEFT JOIN adjustments AS a ON a.seq = r.seq
       LEFT JOIN orders ON orders.id = coalesce(r.order_id, a.order_id)
      ORDER BY r.seq DESC LIMIT ?`,
    [checkViewLimit(limit)],
  );
  return rows.map(({ payload, ...row }) => ({
    ...withAdjustment(row),
    workItem: JSON.parse(payload) as WorkItem,
  }));
}
