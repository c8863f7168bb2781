import Type from 'typebox';
import type { Static } from 'typebox';
import { Timestamp } from '../schema-parts.ts';
import { JobQueueName } from './dead-letter-admin.ts';

/**
 * The event's work in the job queues: how much waits, runs and failed for
 * good, and how long the oldest has waited. The queues are shared by every
 * event on the server; each job is counted for the event its order or text
 * message belongs to, and no other event's jobs are counted (nor their
 * number revealed). The scheduled tab reconciliation belongs to no event:
 * its findings for this event are `tabDiscrepancies`.
 */

export const EVENT_QUEUES_PATH = '/v1/events/:eventId/queues';

const Count = Type.Integer({ minimum: 0 });

export const QueueDepth = Type.Object(
  {
    queue: JobQueueName,
    /** Waiting and due now. */
    queued: Count,
    /** Waiting to run later: a text put off (provider down, throttled, a cap). */
    delayed: Count,
    /** Failed and waiting for their next attempt (`retry`). */
    retrying: Count,
    /** Running now. */
    active: Count,
    /** How long the oldest due job has waited (since it became due), or null when none waits. */
    oldestQueuedAgeMs: Type.Union([Count, Type.Null()]),
    /** Jobs that failed every retry, kept until redriven (`GET …/dead-letters`). */
    deadLetters: Count,
    oldestDeadLetterAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type QueueDepth = Static<typeof QueueDepth>;

export const QueueStatus = Type.Object(
  {
    /** The database's time of the counts. */
    asOf: Timestamp,
    /** `process-order` then `send-sms`. */
    queues: Type.Array(QueueDepth),
    /** The event's tabs whose balance differs from their ledger (alert on any). */
    tabDiscrepancies: Count,
  },
  { additionalProperties: false },
);
export type QueueStatus = Static<typeof QueueStatus>;
