import { JOB_SCHEMA, QUEUES } from '@tabline/database';
import type { SqlClient } from '@tabline/database';
import type { DeadLetter, JobQueueName } from '@tabline/protocol';

/** Which dead letters of an event to read. */
export interface DeadLetterFilter {
  readonly queue: JobQueueName | null;
  /** These only (others are ignored), or all. */
  readonly ids: readonly string[] | null;
  /** Ids after this one (keyset paging), or from the start. */
  readonly after: string | null;
  readonly limit: number;
}

/**
 * The event's dead letters, in id order: the jobs in a dead-letter queue
 * whose orders or text message belong to the event. Jobs carry only the ids
 * of what they are about, so the event is found through them (the orders of
 * one job are one device's, so of one event); another event's dead letters
 * are never read.
 */
export async function findDeadLetters(
  db: SqlClient,
  eventId: string,
  filter: DeadLetterFilter,
): Promise<DeadLetter[]> {
  const queues = QUEUES.filter((queue) => filter.queue === null || queue.name === filter.queue);
  const { rows } = await db.query<
    Omit<DeadLetter, 'queue' | 'deadAt'> & {
      deadLetterQueue: string;
      deadAt: Date;
    }
  >(
    `select j.id, j.name as "deadLetterQueue",
            coalesce(j.data->'orderIds', '[]'::jsonb) as "orderIds",
            j.data->>'smsId' as "smsId", coalesce(j.source_retry_count, 0) + 1 as attempts,
            left(coalesce(j.source_output->>'message', j.source_output::text, ''), 1000) as error,
            j.created_on as "deadAt"
     from ${JOB_SCHEMA}.job j
     where j.name = any($2::text[]) and j.state = 'created'
       and ($3::uuid[] is null or j.id = any($3::uuid[]))
       and ($4::uuid is null or j.id > $4::uuid)
       and (exists (select 1 from orders o
                    where j.data ? 'orderIds' and o.event_id = $1
                      and o.id = ((j.data->'orderIds')->>0)::uuid)
            or exists (select 1 from sms_messages s
                       where j.data ? 'smsId' and s.id = (j.data->>'smsId')::uuid
                         and s.event_id = $1))
     order by j.id
     limit $5`,
    [
      eventId,
      queues.map((queue) => queue.deadLetter),
      filter.ids === null ? null : [...filter.ids],
      filter.after,
      filter.limit,
    ],
  );
  return rows.map(({ deadLetterQueue, deadAt, ...row }) => ({
    ...row,
    queue: QUEUES.find((queue) => queue.deadLetter === deadLetterQueue)!.name as JobQueueName,
    deadAt: deadAt.toISOString(),
  }));
}
