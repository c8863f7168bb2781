import type { Queue } from 'pg-boss';

/**
 * The job queues between the API and the workers, with their payloads and
 * retry policies. A job is always enqueued in the same transaction as the
 * data it is about, and every handler is safe to run twice.
 */

/**
 * Attach orders to their tabs, write the ledger, enqueue the receipts: the
 * orders of one push (up to PUSH_ITEMS_MAX), or a single order. A push
 * enqueues one job, not one per order: a job row is wide and indexed, and
 * writing a hundred of them cost a push more than its orders did. Each order
 * is processed in its own transaction; one that fails gets a job of its own,
 * which is retried and dead-lettered alone, so it never holds up the others.
 */
export interface ProcessOrderJob {
  readonly orderIds: readonly string[];
}

/**
 * Move one recorded text message on (send it, or settle a send whose outcome
 * was lost). `retry` counts the times it was put off, for the backoff; a
 * message put off is a new job, delayed, so pg-boss's own retries are left
 * for failures of the handler itself (a database error, a bug).
 */
export interface SendSmsJob {
  readonly smsId: string;
  readonly retry?: number;
}

export interface QueueDefinition<_Payload> extends Omit<Queue, 'name' | 'deadLetter'> {
  readonly name: string;
  readonly deadLetter: string;
}

/**
 * How long a job's heartbeat may go unrefreshed before the job counts as
 * abandoned (its worker killed, its machine gone) and is retried. Workers
 * refresh it every half of this while a handler runs, so a live handler is
 * never taken for dead, however long it takes. pg-boss's minimum.
 */
export const JOB_HEARTBEAT_SECONDS = 10;

/**
 * How often pg-boss's supervisor looks for abandoned jobs: both intervals
 * matter, since a pass (every `superviseIntervalSeconds`) fails a queue's
 * lost jobs only when it wins that queue's monitor claim, which is at most
 * once every `monitorIntervalSeconds` (default 60: with only the supervise
 * interval lowered, a killed worker's job was measured active for 70 s). Every
 * process with a job queue tries; one pass per interval wins fleet-wide. A
 * pass also refreshes the queue statistics, an aggregate over the job table
 * (pg-boss measured 0.19 s at a million jobs): cheap at this cadence.
 *
 * So the job of a worker killed outright runs again, on another worker,
 * within a minute. Worst case for its first retry, from the kill:
 *
 *   JOB_HEARTBEAT_SECONDS          10 s  the last refresh may be just before the kill
 * + JOB_SUPERVISE_INTERVAL_SECONDS 10 s  the next supervisor pass, one round trip late
 * + the queue's retry delay         2 s  process-order (1 s × 1 to 2, jittered);
 *                                   4 s  send-sms (2 s × 1 to 2)
 * + a worker's backstop poll        5 s  `notifyPollingIntervalSeconds`: a retry
 *                                        sends no NOTIFY, so workers find it polling
 * = 27 s (process-order), 29 s (send-sms); measured 20 to 26 s for
 * process-order (apps/cli/test/worker-crash.test.ts).
 *
 * A job whose worker dies again and again backs off like any failed run
 * (the retry delay doubles per attempt, so a third kill in a row still stays
 * under a minute: 10 + 10 + 8 or 16 + 5) and counts against the queue's
 * retry limit. Jobs enqueued before a queue had a heartbeat keep none; they
 * still expire after `expireInSeconds`.
 */
export const JOB_SUPERVISE_INTERVAL_SECONDS = 10;

export const PROCESS_ORDER_QUEUE: QueueDefinition<ProcessOrderJob> = {
  name: 'process-order',
  deadLetter: 'process-order-dead',
  retryLimit: 10,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 60,
  heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
};

export const SEND_SMS_QUEUE: QueueDefinition<SendSmsJob> = {
  name: 'send-sms',
  deadLetter: 'send-sms-dead',
  retryLimit: 20,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 60,
  heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
};

/**
 * Check every tab's balance against its ledger (scheduled; see
 * `reconcileTabs`), then fold every event's sales changes into its rollups
 * (`foldAllSalesChanges`).
 */
export type ReconcileTabsJob = Record<string, never>;

export const RECONCILE_TABS_QUEUE: QueueDefinition<ReconcileTabsJob> = {
  name: 'reconcile-tabs',
  deadLetter: 'reconcile-tabs-dead',
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 300,
};

/** How often tabs are reconciled and sales folded (cron, UTC). */
export const RECONCILE_TABS_CRON = '*/5 * * * *';

export const QUEUES = [PROCESS_ORDER_QUEUE, SEND_SMS_QUEUE, RECONCILE_TABS_QUEUE] as const;
