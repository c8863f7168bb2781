import type { WorkItemKind } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** A queued work item as the sync engine sends it: the stored JSON and its size. */
export interface PushCandidate {
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly kind: WorkItemKind;
  readonly orderId: string | null;
  readonly payload: string;
  /** The payload's length in UTF-8 bytes, as it goes on the wire. */
  readonly payloadBytes: number;
  readonly amountCents: number;
  readonly createdAt: number;
}

/**
 * The oldest queued work items after `afterSeq`, in seq order: with 0, the
 * head of the FIFO; with the last seq of a batch in flight, the batch behind it.
 */
export function readPushCandidates(
  db: SqliteDatabase,
  itemsMax: number,
  afterSeq: number,
): PushCandidate[] {
  return db.all<PushCandidate>(
    `SELECT seq, idempotency_key AS idempotencyKey, kind, order_id AS orderId, payload,
            length(CAST(payload AS BLOB)) AS payloadBytes,
            amount_cents AS amountCents, created_at AS createdAt
       FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
    [afterSeq, itemsMax],
  );
}
