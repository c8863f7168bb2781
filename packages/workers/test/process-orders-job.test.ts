import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { runProcessOrdersJob } from '@tabline/workers';
import type { OrderProcessor, ProcessOrderDependencies } from '@tabline/workers';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`a processing job of several orders, on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    let deps: ProcessOrderDependencies & { logger: typeof silentLogger };
    beforeAll(() => {
      deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
        logger: silentLogger,
      };
    });
    const jobsNaming = async (orderId: string) =>
      (
        await ctx.test.database.query<{ n: number }>(
          `select count(*)::int8 as n from pgboss.job
           where name = 'process-order' and data->'orderIds' = $1::jsonb`,
          [JSON.stringify([orderId])],
        )
      ).rows[0]!.n;

    it('processes every order it can and gives each one that fails a job of its own', async () => {
      const orderIds = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const poison = new Set<string>([orderIds[1]!, orderIds[3]!]);
      const processed: string[] = [];
      const processor: OrderProcessor = (_deps, orderId) => {
        if (poison.has(orderId)) return Promise.reject(new Error(`poison ${orderId}`));
        processed.push(orderId);
        return Promise.resolve('charged');
      };
      await runProcessOrdersJob(deps, processor, { orderIds });
      expect(processed).toEqual([orderIds[0], orderIds[2]]);
      for (const orderId of orderIds)
        expect(await jobsNaming(orderId)).toBe(poison.has(orderId) ? 1 : 0);
    });

    it('throws for a job of one order that fails, for the queue to retry it', async () => {
      const orderId = randomUUID();
      const processor: OrderProcessor = () => Promise.reject(new Error('still poison'));
      await expect(runProcessOrdersJob(deps, processor, { orderIds: [orderId] })).rejects.toThrow(
        'still poison',
      );
      expect(await jobsNaming(orderId)).toBe(0);
    });
  });
}
