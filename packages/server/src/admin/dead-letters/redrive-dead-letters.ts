import { QUEUES } from '@tabline/database';
import type { JobQueue, SqlClient } from '@tabline/database';
import { REDRIVE_JOBS_MAX } from '@tabline/protocol';
import type { RedriveRequest, RedriveResult } from '@tabline/protocol';
import { findDeadLetters } from './find-dead-letters.ts';

/**
 * Moves the event's dead letters of one queue (those named, or all up to
 * REDRIVE_JOBS_MAX) back to the queue they came from, to run again after a
 * fix. Ids that are not the event's dead letters (another event's, already
 * redriven) are passed over, so sending the same redrive twice moves
 * nothing the second time.
 */
export async function redriveDeadLetters(
  db: SqlClient,
  jobs: JobQueue,
  eventId: string,
  request: RedriveRequest,
): Promise<RedriveResult> {
  const deadLetters = await findDeadLetters(db, eventId, {
    queue: request.queue,
    ids: request.ids ?? null,
    after: null,
    limit: REDRIVE_JOBS_MAX,
  });
  if (deadLetters.length === 0) return { redriven: 0 };
  const queue = QUEUES.find((candidate) => candidate.name === request.queue)!;
  const redriven = await jobs.boss.redrive(queue.deadLetter, {
    ids: deadLetters.map((deadLetter) => deadLetter.id),
    limit: REDRIVE_JOBS_MAX,
  });
  return { redriven };
}
