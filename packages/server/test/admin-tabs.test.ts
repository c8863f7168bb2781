import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER, PUSH_PATH } from '@tabline/protocol';
import type { PushResponse, TabPage, TabSummary } from '@tabline/protocol';
import { upsertWristband } from '@tabline/server';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, useAdminCallers } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: tabs on ${kind}`, () => {
    // No workers: the test runs the order processor itself.
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;
    let deps: ProcessOrderDependencies;
    let deviceSeq = 0;
    const spareBand = `SPARE${randomUUID().slice(0, 6).toUpperCase().replace(/-/g, '')}`;

    const placeAndProcess = async (band: string, quantities: number[], placedAt: string) => {
      const item = placeOrderItem(ctx.fixture, {
        deviceSeq: ++deviceSeq,
        wristbandUid: band,
        quantities,
        placedAt,
      });
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [item] }),
      });
      expect(((await response.json()) as PushResponse).results[0]!.outcome).toBe('accepted');
      await processOrder(deps, item.payload.orderId);
      return item.payload.orderId;
    };
    const tabs = (query = '', token = tokens.manager) =>
      call<TabPage>('GET', `${admin.event}/tabs${query}`, { token });

    beforeAll(async () => {
      deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
      const [first, second] = ctx.fixture.attendees;
      // A second band for the first attendee, then lost.
      await upsertWristband(ctx.test.database, {
        eventId: ctx.fixture.eventId,
        uid: spareBand,
        attendeeId: first!.id,
        status: 'blocked',
      });
      await placeAndProcess(first!.wristbandUid, [1, 0, 0], '2024-07-05T20:00:00.000Z');
      const refunded = await placeAndProcess(
        first!.wristbandUid,
        [0, 1, 1],
        '2024-07-05T21:30:00.000Z',
      );
      await placeAndProcess(second!.wristbandUid, [2, 0, 0], '2024-07-05T20:45:00.000Z');
      const refund = await fetch(`${ctx.stack.url}${admin.event}/orders/${refunded}/adjustments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.manager}`,
          'content-type': 'application/json',
          [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
        },
        body: JSON.stringify({ kind: 'refund', amountCents: 250, reason: 'warm' }),
      });
      expect(refund.status).toBe(201);
      expect(await processOrder(deps, refunded)).toBe('adjusted');
    });

    it('lists tabs with what each owes from its ledger, its wearer and bands', async () => {
      const answer = await tabs();
      expect(answer.status).toBe(200);
      const [first, second] = ctx.fixture.attendees;
      const byAttendee = new Map(answer.body.items.map((tab) => [tab.attendeeId, tab]));
      expect(answer.body.items).toHaveLength(2);
      expect(byAttendee.get(first!.id)).toMatchObject({
        attendeeName: 'Guest 0',
        wristbands: [first!.wristbandUid, spareBand]
          .sort()
          .map((uid) => ({ uid, status: uid === spareBand ? 'blocked' : 'active' })),
        currency: ctx.fixture.currency,
        status: 'open',
        chargedCents: 650 + 950,
        voidedCents: 0,
        refundedCents: 250,
        balanceCents: 650 + 950 - 250,
        orders: 2,
        lastOrderAt: '2024-07-05T21:30:00.000Z',
      } satisfies Partial<TabSummary>);
      expect(byAttendee.get(second!.id)).toMatchObject({
        balanceCents: 1300,
        orders: 1,
        lastOrderAt: '2024-07-05T20:45:00.000Z',
      });
      // The balance the processor keeps agrees with the ledger's sum shown.
      const { rows } = await ctx.test.database.query<{ id: string; balance: number }>(
        'select id, balance_cents as balance from tabs where event_id = $1',
        [ctx.fixture.eventId],
      );
      for (const row of rows) {
        expect(answer.body.items.find((tab) => tab.id === row.id)!.balanceCents).toBe(row.balance);
      }
      expect(answer.body.items.map((tab) => tab.id)).toEqual(rows.map((row) => row.id).sort());
    });

    it('pages by id and finds tabs by part of a name or the start of a band code', async () => {
      const all = (await tabs()).body.items.map((tab) => tab.id);
      const firstPage = await tabs('?limit=1');
      expect(firstPage.body.items.map((tab) => tab.id)).toEqual([all[0]]);
      const secondPage = await tabs(`?limit=1&after=${firstPage.body.nextAfter}`);
      expect(secondPage.body.items.map((tab) => tab.id)).toEqual([all[1]]);
      expect(secondPage.body.nextAfter).toBeNull();

      const [first, second] = ctx.fixture.attendees;
      const found = async (q: string) =>
        (await tabs(`?q=${encodeURIComponent(q)}`)).body.items.map((tab) => tab.attendeeId);
      expect(await found('guest 1')).toEqual([second!.id]);
      expect(await found('UEST')).toEqual(expect.arrayContaining([first!.id, second!.id]));
      // A lost band finds its wearer's tab too; typed in lower case with a dash.
      expect(
        await found(`${spareBand.slice(0, 4).toLowerCase()}-${spareBand.slice(4, 7)}`),
      ).toEqual([first!.id]);
      expect(await found(second!.wristbandUid)).toEqual([second!.id]);
      // Wildcards are taken as typed.
      expect(await found('%')).toEqual([]);
      expect(await found('_')).toEqual([]);
      expect(await found('nobody at all')).toEqual([]);
    });

    it('answers managers of the event only, and no tab of another tenant', async () => {
      expect((await tabs('', tokens.cashier)).status).toBe(403);
      expect((await tabs('', tokens.stranger)).status).toBe(404);
      const theirs = await call<TabPage>('GET', `/v1/events/${admin.other.eventId}/tabs`, {
        token: tokens.stranger,
      });
      expect(theirs.status).toBe(200);
      expect(theirs.body.items).toEqual([]);
      const searched = await call<TabPage>(
        'GET',
        `/v1/events/${admin.other.eventId}/tabs?q=${ctx.fixture.attendees[0]!.wristbandUid}`,
        { token: tokens.stranger },
      );
      expect(searched.body.items).toEqual([]);
    });
  });
}
