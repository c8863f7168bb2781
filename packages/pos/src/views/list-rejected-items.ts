import type { WorkItem, WorkItemKind } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';

/** A work item the server refused, with its reason: a dead letter for staff to act on. */
export interface RejectedItem {
  readonly seq: number;
  readonly kind: WorkItemKind;
  readonly orderId: string | null;
  readonly wristbandUid: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly attempts: number;
  /** The server's error code and message. */
  readonly code: string;
  readonly message: string;
  readonly rejectedAt: number;
  /** The work item exactly as it was pushed. */
  readonly workItem: WorkItem;
}

type RejectedItemRow = Omit<RejectedItem, 'workItem'> & { readonly payload: string };

/** Parked work items, the latest first. */
export function listRejectedItems(db: SqliteDatabase, limit: number): RejectedItem[] {
  const rows = db.all<RejectedItemRow>(
    `SELECT r.seq, r.kind, r.order_id AS orderId, orders.wristband_uid AS wristbandUid,
            r.amount_cents AS amountCents, r.created_at AS createdAt, r.attempts,
            r.code, r.message, r.rejected_at AS rejectedAt, r.payload
       FROM rejected_items AS r LEFT JOIN orders ON orders.id = r.order_id
      ORDER BY r.seq DESC LIMIT ?`,
    [checkViewLimit(limit)],
  );
  return rows.map(({ payload, ...row }) => ({ ...row, workItem: JSON.parse(payload) as WorkItem }));
}
