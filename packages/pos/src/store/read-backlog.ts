import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * What waits for the server, in one aggregate over the outbox. The amount at
 * risk sums `amount_cents`, which is an order's total and 0 for a void or a
 * refund (see the outbox's schema).
 */
export interface Backlog {
  readonly backlogCount: number;
  readonly amountAtRiskCents: number;
  readonly oldestQueuedAt: number | null;
  readonly rejectedCount: number;
}

export function readBacklog(db: SqliteDatabase): Backlog {
  const backlog = db.get<Backlog>(
    `SELECT count(*) AS backlogCount, coalesce(sum(amount_cents), 0) AS amountAtRiskCents,
            min(created_at) AS oldestQueuedAt,
            (SELECT count(*) FROM rejected_items) AS rejectedCount
       FROM outbox`,
  );
  assert(backlog !== undefined, 'an aggregate query returns a row');
  return backlog;
}
