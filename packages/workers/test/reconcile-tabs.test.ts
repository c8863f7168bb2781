import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import type { Logger } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import { processOrder, reconcileTabs } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`tab reconciliation on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    let deps: ProcessOrderDependencies;
    let tabId: string;
    const errors: object[] = [];
    const logger: Logger = { ...silentLogger, error: (fields: object) => errors.push(fields) };

    beforeAll(async () => {
      deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
      const items = [placeOrderItem(ctx.fixture), placeOrderItem(ctx.fixture, { deviceSeq: 2 })];
      await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items }),
      });
      for (const item of items) await processOrder(deps, item.payload.orderId);
      const { rows } = await ctx.test.database.query<{ id: string }>(
        'select id from tabs where event_id = $1',
        [ctx.fixture.eventId],
      );
      tabId = rows[0]!.id;
    });
    const balance = async () =>
      (
        await ctx.test.database.query<{ balance: number }>(
          'select balance_cents as balance from tabs where id = $1',
          [tabId],
        )
      ).rows[0]!.balance;
    const openDiscrepancies = async () =>
      (
        await ctx.test.database.query<{ balance: number; ledger: number }>(
          `select balance_cents as balance, ledger_cents as ledger from tab_discrepancies
           where tab_id = $1 and resolved_at is null`,
          [tabId],
        )
      ).rows;
    const metric = async () =>
      /tabline_tab_discrepancies_open (\d+)/.exec(
        await (await fetch(`${ctx.stack.url}/metrics`)).text(),
      )?.[1];

    it('finds nothing while every balance equals its ledger', async () => {
      expect(await reconcileTabs(ctx.test.database, logger)).toMatchObject({
        found: 0,
        resolved: 0,
      });
      expect(errors).toEqual([]);
      expect(await metric()).toBe('0');
    });

    it('alerts on a balance that drifted from its ledger, once, and never corrects it', async () => {
      const right = await balance();
      // A bug elsewhere moved the balance without a ledger entry.
      await ctx.test.database.query(
        'update tabs set balance_cents = balance_cents + 1 where id = $1',
        [tabId],
      );
      expect(await reconcileTabs(ctx.test.database, logger)).toMatchObject({ found: 1 });
      expect(await reconcileTabs(ctx.test.database, logger)).toMatchObject({ found: 0 });
      expect(await balance()).toBe(right + 1);
      expect(await openDiscrepancies()).toEqual([{ balance: right + 1, ledger: right }]);
      expect(errors).toEqual([
        { tabId, eventId: ctx.fixture.eventId, balanceCents: right + 1, ledgerCents: right },
      ]);
      expect(await metric()).toBe('1');
    });

    it('closes the discrepancy once the tab agrees again, keeping it as history', async () => {
      await ctx.test.database.query(
        'update tabs set balance_cents = balance_cents - 1 where id = $1',
        [tabId],
      );
      expect(await reconcileTabs(ctx.test.database, logger)).toMatchObject({
        found: 0,
        resolved: 1,
      });
      expect(await openDiscrepancies()).toEqual([]);
      const { rows } = await ctx.test.database.query<{ n: number }>(
        'select count(*)::int8 as n from tab_discrepancies where tab_id = $1',
        [tabId],
      );
      expect(rows[0]!.n).toBe(1);
      expect(await metric()).toBe('0');
    });
  });
}
