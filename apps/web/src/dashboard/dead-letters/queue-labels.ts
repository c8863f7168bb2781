import type { JobQueueName } from '@tabline/protocol';

/** What each queue's jobs do, as people say it. */
export const QUEUE_LABELS: Record<JobQueueName, string> = {
  'process-order': 'Order processing',
  'send-sms': 'Text receipt',
};

export const QUEUES = Object.keys(QUEUE_LABELS) as JobQueueName[];

/** Which dead letters the page shows: one queue's, or all. */
export type QueueFilter = JobQueueName | 'all';
