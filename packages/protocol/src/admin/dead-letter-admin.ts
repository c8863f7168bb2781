import Type from 'typebox';
import type { Static } from 'typebox';
import { Id, Timestamp } from '../schema-parts.ts';
import { Page, PageLimit } from './admin-schema-parts.ts';

/**
 * Dead letters: jobs about an event's orders and texts that failed every
 * retry, kept in their queue's dead-letter queue until a manager redrives
 * them (after a fix) back to the queue they came from. Their handlers are
 * safe to run again, so a redrive never does anything twice.
 */

/** The job queues whose failed jobs are dead-lettered. */
export const JobQueueName = Type.Union([Type.Literal('process-order'), Type.Literal('send-sms')]);
export type JobQueueName = Static<typeof JobQueueName>;

/** The most dead letters one redrive moves; redrive again for more. */
export const REDRIVE_JOBS_MAX = 1000;

export const DeadLetter = Type.Object(
  {
    id: Id,
    queue: JobQueueName,
    /** What the job was about: orders to process (usually one), or a text to send. */
    orderIds: Type.Array(Id),
    smsId: Type.Union([Id, Type.Null()]),
    /** Runs before it was dead-lettered. */
    attempts: Type.Integer({ minimum: 0 }),
    /** The last run's error. */
    error: Type.String({ maxLength: 1000 }),
    deadAt: Timestamp,
  },
  { additionalProperties: false },
);
export type DeadLetter = Static<typeof DeadLetter>;

export const DeadLetterQuery = Type.Object(
  {
    queue: Type.Optional(JobQueueName),
    limit: Type.Optional(PageLimit),
    after: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type DeadLetterQuery = Static<typeof DeadLetterQuery>;

export const DeadLetterPage = Page(DeadLetter);
export type DeadLetterPage = Static<typeof DeadLetterPage>;

export const RedriveRequest = Type.Object(
  {
    queue: JobQueueName,
    ids: Type.Optional(
      Type.Array(Id, {
        minItems: 1,
        maxItems: REDRIVE_JOBS_MAX,
        uniqueItems: true,
        description: `These dead letters only; all of the event's in the queue (up to ${REDRIVE_JOBS_MAX}) without.`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type RedriveRequest = Static<typeof RedriveRequest>;

export const RedriveResult = Type.Object(
  { redriven: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type RedriveResult = Static<typeof RedriveResult>;
