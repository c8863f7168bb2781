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

export const PROCESS_ORDER_QUEUE: QueueDefinition<ProcessOrderJob> = {
  name: 'process-order',
  deadLetter: 'process-order-dead',
  retryLimit: 10,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 300,
  expireInSeconds: 60,
};

export const SEND_SMS_QUEUE: QueueDefinition<SendSmsJob> = {
  name: 'send-sms',
  deadLetter: 'send-sms-dead',
  retryLimit: 20,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 60,
};

/** Check every tab's balance against its ledger (scheduled; see `reconcileTabs`). */
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

/** How often tabs are reconciled (cron, UTC). */
export const RECONCILE_TABS_CRON = '*/5 * * * *';

export const QUEUES = [PROCESS_ORDER_QUEUE, SEND_SMS_QUEUE, RECONCILE_TABS_QUEUE] as const;
