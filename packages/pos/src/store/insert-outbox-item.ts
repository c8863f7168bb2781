import type { WorkItem } from '@tabline/protocol';
import { OUTBOX } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';

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
 * Returns the payload, which the journal records byte for byte.
 */
export function insertOutboxItem(db: SqliteDatabase, item: NewOutboxItem): string {
  const { workItem } = item;
  const payload = JSON.stringify(workItem);
  insertSealedRow(db, OUTBOX, {
    seq: workItem.deviceSeq,
    idempotency_key: workItem.idempotencyKey,
    kind: workItem.kind,
    order_id: item.orderId,
    payload,
    amount_cents: item.amountCents,
    created_at: item.createdAt,
    attempts: 0,
    last_attempt_at: null,
    last_error: null,
  });
  return payload;
}
