import { JOB_SCHEMA, PROCESS_ORDER_QUEUE, SEND_SMS_QUEUE } from '@tabline/database';
import type { SqlClient } from '@tabline/database';
import type { JobQueueName, QueueDepth, QueueStatus } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';

/** The queues whose jobs are about one event's orders or texts. */
const EVENT_QUEUES = [PROCESS_ORDER_QUEUE, SEND_SMS_QUEUE] as const;

interface DepthRow {
  readonly name: string;
  readonly queued: number;
  readonly delayed: number;
  readonly retrying: number;
  readonly active: number;
  readonly oldestDueAt: Date | null;
  readonly oldestCreatedAt: Date | null;
}

/**
 * The event's jobs in the order and SMS queues and their dead-letter
 * queues, counted in one statement (one snapshot). Jobs carry only the ids
 * of what they are about, so each is tied to the event through its first
 * order or its text message, as dead letters are (`findDeadLetters`); jobs
 * of other events are never counted. Only unfinished jobs are read, through
 * pg-boss's index of them by queue and state.
 */
export async function readQueueStatus(db: SqlClient, eventId: string): Promise<QueueStatus> {
  const names = EVENT_QUEUES.flatMap((queue) => [queue.name, queue.deadLetter]);
  const { rows } = await db.query<DepthRow & { asOf: Date; tabDiscrepancies: number }>(
    `with jobs as (
       select j.name, j.state, j.start_after, j.created_on
       from ${JOB_SCHEMA}.job j
       where j.name = any($2::text[]) and j.state in ('created', 'retry', 'active')
         and (exists (select 1 from orders o
                      where j.data ? 'orderIds' and o.event_id = $1
                        and o.id = ((j.data->'orderIds')->>0)::uuid)
              or exists (select 1 from sms_messages s
                         where j.data ? 'smsId' and s.id = (j.data->>'smsId')::uuid
                           and s.event_id = $1))
     )
     select q.name, now() as "asOf",
            count(j.name) filter (where j.state = 'created' and j.start_after <= now()) as queued,
            count(j.name) filter (where j.state = 'created' and j.start_after > now()) as delayed,
            count(j.name) filter (where j.state = 'retry') as retrying,
            count(j.name) filter (where j.state = 'active') as active,
            min(j.start_after) filter (where j.state in ('created', 'retry') and j.start_after <= now())
              as "oldestDueAt",
            min(j.created_on) as "oldestCreatedAt",
            (select count(*) from tab_discrepancies d
             where d.event_id = $1 and d.resolved_at is null) as "tabDiscrepancies"
     from unnest($2::text[]) as q (name) left join jobs j on j.name = q.name
     group by q.name`,
    [eventId, names],
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  const asOf = rows[0]!.asOf;
  return {
    asOf: isoTime(asOf),
    queues: EVENT_QUEUES.map((queue) =>
      depthOf(
        queue.name as JobQueueName,
        byName.get(queue.name)!,
        byName.get(queue.deadLetter)!,
        asOf,
      ),
    ),
    tabDiscrepancies: rows[0]!.tabDiscrepancies,
  };
}

function depthOf(queue: JobQueueName, jobs: DepthRow, dead: DepthRow, asOf: Date): QueueDepth {
  return {
    queue,
    queued: jobs.queued,
    delayed: jobs.delayed,
    retrying: jobs.retrying,
    active: jobs.active,
    oldestQueuedAgeMs:
      jobs.oldestDueAt === null ? null : Math.max(0, asOf.getTime() - jobs.oldestDueAt.getTime()),
    // A dead letter is a job created in the dead-letter queue, due at once.
    deadLetters: dead.queued + dead.delayed,
    oldestDeadLetterAt: isoTime(dead.oldestCreatedAt),
  };
}
