import { PROCESS_ORDER_QUEUE } from '@tabline/database';
import type { ProcessOrderJob } from '@tabline/database';
import type { Logger } from '@tabline/domain';
import type { ProcessOrderDependencies, ProcessOrderOutcome } from './process-order.ts';

/** Processes one order (`processOrder`, or a stand-in in tests). */
export type OrderProcessor = (
  deps: ProcessOrderDependencies,
  orderId: string,
) => Promise<ProcessOrderOutcome>;

/**
 * Runs a processing job: each of its orders in a transaction of its own.
 * When some fail, each of those gets a job of its own (enqueued in one
 * transaction) and this job completes: the failures are retried, and
 * dead-lettered, one order at a time, and the orders that went through are
 * not held up by them. A job of one order that fails throws, for the queue
 * to retry. If the new jobs cannot be enqueued either, this job throws and
 * runs again whole, which is safe: processing an order twice changes
 * nothing.
 */
export async function runProcessOrdersJob(
  deps: ProcessOrderDependencies & { readonly logger: Logger },
  processor: OrderProcessor,
  job: ProcessOrderJob,
): Promise<void> {
  const failed: { orderId: string; error: unknown }[] = [];
  for (const orderId of job.orderIds) {
    try {
      const outcome = await processor(deps, orderId);
      deps.logger.debug({ orderId, outcome }, 'order processed');
    } catch (error) {
      failed.push({ orderId, error });
    }
  }
  if (failed.length === 0) return;
  if (job.orderIds.length === 1) throw failed[0]!.error;
  deps.logger.warn(
    { failed: failed.length, of: job.orderIds.length, err: failed[0]!.error },
    'orders failed processing; each is retried on its own',
  );
  await deps.db.transaction((tx) =>
    deps.jobs.enqueue(
      tx,
      PROCESS_ORDER_QUEUE,
      failed.map(({ orderId }) => ({ orderIds: [orderId] })),
    ),
  );
}
