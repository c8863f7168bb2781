import { assert } from '@tabline/domain';
import type { WorkItem } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';

export interface NewOutboxItem {
  readonly workItem: WorkItem;
  readonly orderId: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
}

/**
 * Queues a work item. The payload column holds the item's exact JSON, made
 * once here: every retry sends these bytes, so the server sees the same body
 * under the same idempotency key. The row's seq is the item's `deviceSeq`.
 */
export function insertOutboxItem(db: SqliteDatabase, item: NewOutboxItem): void {
  const { workItem } = item;
  const { changes } = db.run(
    `INSERT INTO outbox (seq, idempotency_key, kind, order_id, payload, amount_cents, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      workItem.deviceSeq,
      workItem.idempotencyKey,
      workItem.kind,
      item.orderId,
      JSON.stringify(workItem),
      item.amountCents,
      item.createdAt,
    ],
  );
  assert(changes === 1, 'one outbox row inserted');
}
