import {
  PROCESS_ORDER_QUEUE,
  foldAllSalesChanges,
  RECONCILE_TABS_CRON,
  RECONCILE_TABS_QUEUE,
  SEND_SMS_QUEUE,
} from '@tabline/database';
import type { Database, JobQueue, WorkEachOptions } from '@tabline/database';
import { newId } from '@tabline/domain';
import type { Clock, Logger, Random } from '@tabline/domain';
import { processOrder } from './order-processor/process-order.ts';
import { runProcessOrdersJob } from './order-processor/process-orders-job.ts';
import { reconcileTabs } from './reconciliation/reconcile-tabs.ts';
import type { OrderProcessor } from './order-processor/process-orders-job.ts';
import { smsStatusCallbackPath } from '@tabline/protocol';
import { advanceSms } from './sms/advance-sms.ts';
import { guardSmsProvider } from './sms/guard-sms-provider.ts';
import { smsBreakerReports } from './sms/sms-breaker-reports.ts';
import type { SmsProvider } from './sms/sms-provider.ts';
import { resolveSmsSettings } from './sms/sms-settings.ts';
import type { SmsSettings } from './sms/sms-settings.ts';

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
  /** Time-outs, breaker, bulkhead, retries and caps of the SMS sender, over SMS_SETTINGS_DEFAULT. */
  readonly smsSettings?: Partial<SmsSettings>;
  /**
   * The API's public address, which the SMS provider can reach: each send
   * asks for status callbacks there. Null: none, sends whose answer was lost
   * are settled by searching the provider's messages alone.
   */
  readonly publicUrl?: string | null;
}

/**
 * Polling: pg-boss wakes workers at once through LISTEN/NOTIFY when a job is
 * created and polls as a backstop. Batches are fetched back to back while
 * they come back full, so a backlog drains without waiting out intervals.
 * The SMS sender's retries and settles are delayed jobs, which no NOTIFY
 * announces when they come due: its backstop is its polling interval, or a
 * retry the policy puts off by 100 ms would wait up to five seconds.
 */
export function resolveWorkersOptions(options: WorkersOptions) {
  const sendSmsPollingSeconds = options.sendSms?.pollingIntervalSeconds ?? 1;
  return {
    ...options,
    // Four fetch loops of five jobs: orders of different pushes are processed
    // side by side (one order at a time held the processor to one over the
    // latency of an order's transaction). Orders on one tab still go one after
    // the other, on the tab's row lock.
    processOrder: {
      batchSize: 5,
      localConcurrency: 4,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 5,
      ...options.processOrder,
    },
    smsSettings: resolveSmsSettings(options.smsSettings),
    publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? null,
    sendSms: {
      batchSize: 5,
      localConcurrency: 4,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: sendSmsPollingSeconds,
      notifyPollingIntervalSeconds: sendSmsPollingSeconds,
      ...options.sendSms,
    },
  };
}

export interface Workers {
  stop(): Promise<void>;
}

/**
 * Registers the order processor, the SMS sender and the tab reconciliation
 * with the sales fold (scheduled every five minutes) on the job queue.
 */
export async function startWorkers(options: WorkersOptions): Promise<Workers> {
  const resolved = resolveWorkersOptions(options);
  const stopping = new AbortController();
  const processor = resolved.orderProcessor ?? processOrder;
  await resolved.jobs.workEach(PROCESS_ORDER_QUEUE, resolved.processOrder, (job) =>
    runProcessOrdersJob(resolved, processor, job),
  );
  // The scheduled upkeep: tabs checked against their ledger, and every
  // event's sales changes folded, so an event no dashboard reads (each read
  // folds its own) keeps a short backlog of them.
  await resolved.jobs.workEach(RECONCILE_TABS_QUEUE, { batchSize: 1 }, async () => {
    const report = await reconcileTabs(resolved.db, resolved.logger);
    resolved.logger.info(report, 'tabs reconciled');
    const folded = await foldAllSalesChanges(resolved.db);
    resolved.logger.info({ folded }, 'sales changes folded');
  });
  // An upsert by name: every worker process may ask, one job runs per tick.
  await resolved.jobs.boss.schedule(RECONCILE_TABS_QUEUE.name, RECONCILE_TABS_CRON);
  const { publicUrl } = resolved;
  const breakerReports = smsBreakerReports(
    resolved.db,
    newId(resolved.clock, resolved.random),
    resolved.logger,
  );
  const sender = {
    db: resolved.db,
    jobs: resolved.jobs,
    provider: guardSmsProvider(
      resolved.smsProvider,
      resolved.smsSettings,
      resolved.clock,
      breakerReports.report,
    ),
    settings: resolved.smsSettings,
    random: resolved.random,
    logger: resolved.logger,
    statusCallbackUrl:
      publicUrl === null ? null : (smsId: string) => publicUrl + smsStatusCallbackPath(smsId),
  };
  await resolved.jobs.workEach(SEND_SMS_QUEUE, resolved.sendSms, async (job) => {
    await advanceSms(sender, job, stopping.signal);
  });
  return {
    stop: async () => {
      // Let jobs in flight finish (each send is bounded by its time-out);
      // aborting a send would turn its outcome into "unknown" for nothing.
      await resolved.jobs.boss.offWork(PROCESS_ORDER_QUEUE.name, { wait: true });
      await resolved.jobs.boss.offWork(SEND_SMS_QUEUE.name, { wait: true });
      await resolved.jobs.boss.offWork(RECONCILE_TABS_QUEUE.name, { wait: true });
      stopping.abort();
      await breakerReports.stop();
    },
  };
}
