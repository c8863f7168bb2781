import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

export interface QueuedSince {
  readonly count: number;
  readonly amountCents: number;
  /** The newest seq among them, or `afterSeq` when there are none. */
  readonly lastSeq: number;
}

/**
 * The work items queued after `afterSeq`: a range of the outbox's key, so it
 * reads only the new items however long the backlog is.
 */
export function readQueuedSince(db: SqliteDatabase, afterSeq: number): QueuedSince {
  const row = db.get<QueuedSince>(
    `SELECT count(*) AS count, coalesce(sum(amount_cents), 0) AS amountCents,
            coalesce(max(seq), ?) AS lastSeq
       FROM outbox WHERE seq > ?`,
    [afterSeq, afterSeq],
  );
  assert(row !== undefined, 'an aggregate query returns a row');
  return row;
}
