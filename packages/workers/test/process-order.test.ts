import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`order processor on ${kind}`, () => {
    // No workers: the test runs the processor itself, step by step.
    const ctx = useTestStack(kind, { workers: false });
    let deps: ProcessOrderDependencies;
    beforeAll(() => {
      deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
    });

    const ingest = async (items: PlaceOrderWorkItem[]) => {
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items }),
      });
      expect(response.status).toBe(200);
      return items.map((item) => item.payload.orderId);
    };
    const one = async <Row extends object>(sql: string, params: unknown[]) =>
      (await ctx.test.database.query<Row>(sql, params)).rows[0];
    const tabOf = (uid: string) =>
      one<{ balance_cents: number; id: string }>(
        `select t.id, t.balance_cents from tabs t join wristbands w on w.attendee_id = t.attendee_id
         where w.uid = $1 and t.event_id = $2`,
        [uid, ctx.fixture.eventId],
      );
    const counts = (orderId: string) =>
      one<{ ledger: number; sms: number; jobs: number }>(
        `select (select count(*)::int8 from ledger_entries where order_id = $1) as ledger,
                (select count(*)::int8 from sms_messages where order_id = $1) as sms,
                (select count(*)::int8 from pgboss.job j join sms_messages s on j.data->>'smsId' = s.id::text
                   where s.order_id = $1 and j.name = 'send-sms') as jobs`,
        [orderId],
      );

    it('charges the tab, appends one ledger entry and records and enqueues one receipt', async () => {
      const band = ctx.fixture.attendees[1]!.wristbandUid;
      const [orderId] = await ingest([
        placeOrderItem(ctx.fixture, { wristbandUid: band, quantities: [2, 0, 1] }),
      ]);
      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect((await tabOf(band))!.balance_cents).toBe(1550);
      expect(await counts(orderId!)).toEqual({ ledger: 1, sms: 1, jobs: 1 });
      const sms = await one<{ body: string; to_phone: string; status: string }>(
        'select body, to_phone, status from sms_messages where order_id = $1',
        [orderId],
      );
      expect(sms).toMatchObject({ to_phone: ctx.fixture.attendees[1]!.phone, status: 'pending' });
      expect(sms!.body).toMatch(/2x Lager, 1x Water = \$15\.50\. Your tab: \$15\.50/);
    });

    it('changes nothing when the same order is processed again, even from scratch', async () => {
      const band = ctx.fixture.attendees[2]!.wristbandUid;
      const [orderId] = await ingest([placeOrderItem(ctx.fixture, { wristbandUid: band })]);
      await processOrder(deps, orderId!);
      expect(await processOrder(deps, orderId!)).toBe('already-processed');
      // A redelivered job whose first run committed everything but the mark:
      await ctx.test.database.query(
        `update orders set status = 'received', charged_cents = null where id = $1`,
        [orderId],
      );
      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect((await tabOf(band))!.balance_cents).toBe(1600);
      expect(await counts(orderId!)).toEqual({ ledger: 1, sms: 1, jobs: 1 });
    });

    it('adds up concurrent orders on one tab to the cent', async () => {
      const band = ctx.fixture.attendees[3]!.wristbandUid;
      const items = Array.from({ length: 20 }, (_, i) =>
        placeOrderItem(ctx.fixture, { wristbandUid: band, quantities: [i % 3, 1, i % 2] }),
      );
      const orderIds = await ingest(items);
      await Promise.all(orderIds.map((orderId) => processOrder(deps, orderId)));
      const expected = items.reduce((sum, item) => sum + item.payload.totalCents, 0);
      const tab = await tabOf(band);
      expect(tab!.balance_cents).toBe(expected);
      const ledger = await one<{ sum: number }>(
        'select sum(amount_cents)::int8 as sum from ledger_entries where tab_id = $1',
        [tab!.id],
      );
      expect(ledger!.sum).toBe(expected);
    });

    it('keeps and flags an order whose wristband is unknown or blocked, charging no one', async () => {
      const [unknown, blocked] = await ingest([
        placeOrderItem(ctx.fixture, { wristbandUid: 'NOSUCHBAND' }),
        placeOrderItem(ctx.fixture, { wristbandUid: ctx.fixture.blockedWristbandUid }),
      ]);
      expect(await processOrder(deps, unknown!)).toBe('flagged');
      expect(await processOrder(deps, blocked!)).toBe('flagged');
      const flags = await ctx.test.database.query<{
        id: string;
        flags: string[];
        tab_id: string | null;
      }>('select id, flags, tab_id from orders where id = any($1::uuid[]) order by id', [
        [unknown, blocked],
      ]);
      expect(
        Object.fromEntries(flags.rows.map((row) => [row.id, [row.flags, row.tab_id]])),
      ).toEqual({
        [unknown!]: [['wristband.unknown'], null],
        [blocked!]: [['wristband.blocked'], null],
      });
      expect(await counts(unknown!)).toEqual({ ledger: 0, sms: 0, jobs: 0 });
    });

    it('charges an attendee without a phone and sends no text', async () => {
      const [orderId] = await ingest([
        placeOrderItem(ctx.fixture, { wristbandUid: ctx.fixture.noPhoneWristbandUid }),
      ]);
      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect(await counts(orderId!)).toEqual({ ledger: 1, sms: 0, jobs: 0 });
    });
  });
}
