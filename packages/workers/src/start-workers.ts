import {
  PROCESS_ORDER_QUEUE,
  RECONCILE_TABS_CRON,
  RECONCILE_TABS_QUEUE,
  SEND_SMS_QUEUE,
} from '@tabline/database';
import type { Database, JobQueue, WorkEachOptions } from '@tabline/database';
import type { Clock, Logger, Random } from '@tabline/domain';
import { processOrder } from './order-processor/process-order.ts';
import { runProcessOrdersJob } from './order-processor/process-orders-job.ts';
import { reconcileTabs } from './reconciliation/reconcile-tabs.ts';
import type { OrderProcessor } from './order-processor/process-orders-job.ts';
import { sendSms } from './sms/send-sms.ts';
import type { SmsProvider } from './sms/sms-provider.ts';

export interface WorkersOptions {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly smsProvider: SmsProvider;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly processOrder?: WorkEachOptions;
  readonly sendSms?: WorkEachOptions;
  /** The order processor to run: `processOrder`, unless a test runs a broken release. */
  readonly orderProcessor?: OrderProcessor;
}

/**
 * Polling: pg-boss wakes workers at once through LISTEN/NOTIFY when a job is
 * created and polls as a backstop. Batches are fetched back to back while
 * they come back full, so a backlog drains without waiting out intervals.
 */
export function resolveWorkersOptions(options: WorkersOptions) {
  return {
    ...options,
    processOrder: {
      batchSize: 20,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 5,
      ...options.processOrder,
    },
    sendSms: {
      batchSize: 5,
      localConcurrency: 4,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 5,
      ...options.sendSms,
    },
  };
}

export interface Workers {
  stop(): Promise<void>;
}

/**
 * Registers the order processor, the SMS sender and the tab reconciliation
 * (scheduled every five minutes) on the job queue.
 */
export async function startWorkers(options: WorkersOptions): Promise<Workers> {
  const resolved = resolveWorkersOptions(options);
  const stopping = new AbortController();
  const processor = resolved.orderProcessor ?? processOrder;
  await resolved.jobs.workEach(PROCESS_ORDER_QUEUE, resolved.processOrder, (job) =>
    runProcessOrdersJob(resolved, processor, job),
  );
  await resolved.jobs.workEach(RECONCILE_TABS_QUEUE, { batchSize: 1 }, async () => {
    const report = await reconcileTabs(resolved.db, resolved.logger);
    resolved.logger.info(report, 'tabs reconciled');
  });
  // An upsert by name: every worker process may ask, one job runs per tick.
  await resolved.jobs.boss.schedule(RECONCILE_TABS_QUEUE.name, RECONCILE_TABS_CRON);
  await resolved.jobs.workEach(SEND_SMS_QUEUE, resolved.sendSms, async ({ smsId }) => {
    await sendSms(
      { db: resolved.db, provider: resolved.smsProvider, logger: resolved.logger },
      smsId,
      stopping.signal,
    );
  });
  return {
    stop: async () => {
      // Let jobs in flight finish (each send is bounded by its time-out);
      // aborting a send would turn its outcome into "unknown" for nothing.
      await resolved.jobs.boss.offWork(PROCESS_ORDER_QUEUE.name, { wait: true });
      await resolved.jobs.boss.offWork(SEND_SMS_QUEUE.name, { wait: true });
      await resolved.jobs.boss.offWork(RECONCILE_TABS_QUEUE.name, { wait: true });
      stopping.abort();
    },
  };
}
