import type { WorkItemKind } from '@tabline/protocol';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';

/** A work item waiting for the server, as the queue screen shows it. */
export interface QueuedWorkItem {
  /** Its place in the queue and its deviceSeq. */
  readonly seq: number;
  readonly kind: WorkItemKind;
  readonly orderId: string | null;
  readonly wristbandUid: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
  /** Pushes that got no answer, the last one's time and error. */
  readonly attempts: number;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
}

/** The queue, oldest first: the order in which it will be pushed. */
export function listQueue(db: SqliteDatabase, limit: number): QueuedWorkItem[] {
  return db.all<QueuedWorkItem>(
    `SELECT outbox.seq, outbox.kind, outbox.order_id AS orderId,
            orders.wristband_uid AS wristbandUid, outbox.amount_cents AS amountCents,
            outbox.created_at AS createdAt, outbox.attempts,
            outbox.last_attempt_at AS lastAttemptAt, outbox.last_error AS lastError
       FROM outbox LEFT JOIN orders ON orders.id = outbox.order_id
      ORDER BY outbox.seq LIMIT ?`,
    [checkViewLimit(limit)],
  );
}
