import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type {
  OrderPage,
  OrderReview,
  OrderSummary,
  PlaceOrderWorkItem,
  PushResponse,
} from '@tabline/protocol';
import { issueDeviceToken, upsertDevice, upsertLocation } from '@tabline/server';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, useAdminCallers } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: the orders list and reviews on ${kind}`, () => {
    // No workers: the test runs the order processor itself.
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;
    let deps: ProcessOrderDependencies;
    let fixture: EventFixture;
    const tent = { locationId: randomUUID(), deviceId: randomUUID(), token: '' };
    const ids = { lager: '', stale: '', unknownBand: '', tent: '', pending: '' };
    let deviceSeq = 0;

    const push = async (token: string, item: PlaceOrderWorkItem) => {
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items: [item] }),
      });
      const { results } = (await response.json()) as PushResponse;
      expect(results[0]!.outcome).toBe('accepted');
      return item.payload.orderId;
    };
    const list = async (query = '', token = tokens.manager) =>
      call<OrderPage>('GET', `${admin.event}/orders${query}`, { token });
    const idsOf = (page: { items: OrderSummary[] }) => page.items.map((order) => order.id);

    beforeAll(async () => {
      const db = ctx.test.database;
      fixture = ctx.fixture;
      deps = { db, jobs: ctx.stack.jobs, clock: systemClock, random: cryptoRandom };
      await upsertLocation(db, { id: tent.locationId, eventId: fixture.eventId, name: 'Tent' });
      await upsertDevice(db, {
        id: tent.deviceId,
        eventId: fixture.eventId,
        locationId: tent.locationId,
        name: 'Tent till',
      });
      tent.token = await issueDeviceToken(db, {
        tokenId: randomUUID(),
        deviceId: tent.deviceId,
        validForMs: 60 * 60_000,
      });
      const item = (options: Parameters<typeof placeOrderItem>[1] = {}) =>
        placeOrderItem(fixture, { deviceSeq: ++deviceSeq, ...options });
      // Oldest first: each is its own push, so each arrives later than the one before.
      ids.lager = await push(fixture.deviceToken, item({ quantities: [1, 0, 0] }));
      const stale = item({ quantities: [0, 1, 0] });
      stale.payload.catalogVersion = fixture.catalogVersion - 1;
      ids.stale = await push(fixture.deviceToken, stale);
      ids.unknownBand = await push(
        fixture.deviceToken,
        item({ quantities: [0, 0, 2], wristbandUid: 'NOSUCHBAND9' }),
      );
      const tentItem = placeOrderItem(fixture, {
        deviceSeq: 1,
        quantities: [2, 0, 0],
        wristbandUid: fixture.attendees[1]!.wristbandUid,
      });
      tentItem.payload.locationId = tent.locationId;
      ids.tent = await push(tent.token, tentItem);
      ids.pending = await push(fixture.deviceToken, item({ quantities: [1, 1, 1] }));
      for (const orderId of [ids.lager, ids.stale, ids.unknownBand, ids.tent]) {
        await processOrder(deps, orderId);
      }
    });

    it('lists the orders newest arrival first, each with where, who, money, state and flags', async () => {
      const answer = await list();
      expect(answer.status).toBe(200);
      const { rows } = await ctx.test.database.query<{ id: string }>(
        'select id from orders where event_id = $1 order by received_at desc, id desc',
        [fixture.eventId],
      );
      expect(idsOf(answer.body)).toEqual(rows.map((row) => row.id));
      expect(idsOf(answer.body)).toEqual([
        ids.pending,
        ids.tent,
        ids.unknownBand,
        ids.stale,
        ids.lager,
      ]);
      expect(answer.body.nextAfter).toBeNull();
      const byId = new Map(answer.body.items.map((order) => [order.id, order]));
      expect(byId.get(ids.tent)).toMatchObject({
        deviceId: tent.deviceId,
        deviceName: 'Tent till',
        locationId: tent.locationId,
        locationName: 'Tent',
        wristbandUid: fixture.attendees[1]!.wristbandUid,
        attendeeId: fixture.attendees[1]!.id,
        attendeeName: 'Guest 1',
        currency: fixture.currency,
        totalCents: 1300,
        chargedCents: 1300,
        adjustedCents: 0,
        voided: false,
        status: 'processed',
        flags: [],
        needsReview: false,
        review: null,
      });
      expect(byId.get(ids.pending)).toMatchObject({
        deviceName: 'POS 1',
        locationName: 'Bar',
        status: 'received',
        chargedCents: null,
        processedAt: null,
      });
      expect(byId.get(ids.unknownBand)).toMatchObject({
        attendeeId: null,
        attendeeName: null,
        chargedCents: 0,
        flags: ['wristband.unknown'],
        needsReview: true,
      });
      expect(byId.get(ids.stale)).toMatchObject({ flags: ['catalog.stale'], needsReview: true });
      for (const order of answer.body.items) {
        expect(Date.parse(order.placedAt)).not.toBeNaN();
        expect(Date.parse(order.receivedAt)).not.toBeNaN();
      }
    });

    it('pages by the last order of the page before, skipping and repeating none', async () => {
      const all = idsOf((await list()).body);
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const answer: Awaited<ReturnType<typeof list>> = await list(
          `?limit=2${after === null ? '' : `&after=${after}`}`,
        );
        expect(answer.status).toBe(200);
        expect(answer.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...idsOf(answer.body));
        after = answer.body.nextAfter;
        if (after === null) break;
      }
      expect(seen).toEqual(all);
    });

    it('filters by flags, review, location, device and band, and combines filters', async () => {
      const filtered = async (query: string) => {
        const answer = await list(query);
        expect(answer.status, query).toBe(200);
        return idsOf(answer.body);
      };
      expect(await filtered('?flagged=true')).toEqual([ids.unknownBand, ids.stale]);
      expect(await filtered('?flagged=false')).toEqual([ids.pending, ids.tent, ids.lager]);
      expect(await filtered('?needsReview=true')).toEqual([ids.unknownBand, ids.stale]);
      expect(await filtered(`?locationId=${tent.locationId}`)).toEqual([ids.tent]);
      expect(await filtered(`?deviceId=${fixture.deviceId}&flagged=false`)).toEqual([
        ids.pending,
        ids.lager,
      ]);
      // As typed or scanned: case, spaces and dashes do not matter.
      const band = fixture.attendees[1]!.wristbandUid;
      const typed = `${band.slice(0, 3).toLowerCase()}-${band.slice(3)}`;
      expect(await filtered(`?wristbandUid=${encodeURIComponent(typed)}`)).toEqual([ids.tent]);
      expect(await filtered('?wristbandUid=no')).toEqual([]);
      expect(await filtered(`?wristbandUid=${band}&locationId=${fixture.locationId}`)).toEqual([]);
    });

    it('records a review once, answers it again, and asks for another when new flags come', async () => {
      const review = (orderId: string, reason: string, token = tokens.manager) =>
        call<OrderReview>('POST', `${admin.event}/orders/${orderId}/review`, {
          token,
          body: { reason },
        });
      const first = await review(ids.stale, 'menu changed mid-set, price was right');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        orderId: ids.stale,
        flags: ['catalog.stale'],
        reason: 'menu changed mid-set, price was right',
        reviewedByName: 'The manager',
      });
      const again = await review(ids.stale, 'another reason');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const { rows } = await ctx.test.database.query<{ n: number }>(
        'select count(*)::int8 as n from order_reviews where order_id = $1',
        [ids.stale],
      );
      expect(rows[0]!.n).toBe(1);
      const listed = (await list('?flagged=true')).body.items.find(
        (order) => order.id === ids.stale,
      );
      expect(listed).toMatchObject({ needsReview: false, review: first.body });
      expect(idsOf((await list('?needsReview=true')).body)).toEqual([ids.unknownBand]);
      expect(idsOf((await list('?needsReview=false&flagged=true')).body)).toEqual([ids.stale]);

      // Reviewed before processing, then flagged again by the processor.
      const late = placeOrderItem(fixture, {
        deviceSeq: ++deviceSeq,
        quantities: [1, 0, 0],
        wristbandUid: fixture.blockedWristbandUid,
      });
      late.payload.catalogVersion = fixture.catalogVersion - 1;
      const lateId = await push(fixture.deviceToken, late);
      expect((await review(lateId, 'stale menu, fine')).body.flags).toEqual(['catalog.stale']);
      expect(await processOrder(deps, lateId)).toBe('flagged');
      const flaggedAgain = (await list('?needsReview=true')).body.items.map((order) => order.id);
      expect(flaggedAgain).toContain(lateId);
      const second = await review(lateId, 'band reported lost; attendee paid at the bar');
      expect(second.body.flags).toEqual(['catalog.stale', 'wristband.blocked']);
      expect(second.body.reason).toBe('band reported lost; attendee paid at the bar');
    });

    it('refuses to review an order with no flags, and reviews nothing of another event', async () => {
      const unflagged = await call('POST', `${admin.event}/orders/${ids.lager}/review`, {
        token: tokens.manager,
        body: { reason: 'looks fine' },
      });
      expect([unflagged.status, unflagged.body.code]).toEqual([409, 'order.not_flagged']);
      const unknown = await call('POST', `${admin.event}/orders/${randomUUID()}/review`, {
        token: tokens.manager,
        body: { reason: 'looks fine' },
      });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'resource.not_found']);
      const empty = await call('POST', `${admin.event}/orders/${ids.stale}/review`, {
        token: tokens.manager,
        body: { reason: '' },
      });
      expect([empty.status, empty.body.code]).toEqual([400, 'request.invalid']);
    });

    it('answers only managers of the event, and nothing of another tenant', async () => {
      const outcome = (answer: { status: number; body: { code?: string } }) => [
        answer.status,
        answer.body.code,
      ];
      expect(outcome(await list('', tokens.cashier))).toEqual([403, 'auth.forbidden']);
      expect(outcome(await list('', tokens.stranger))).toEqual([404, 'resource.not_found']);
      expect((await list('', tokens.owner)).status).toBe(200);
      // The other organisation's owner lists their own event: none of ours.
      const theirs = await call<OrderPage>('GET', `/v1/events/${admin.other.eventId}/orders`, {
        token: tokens.stranger,
      });
      expect(theirs.status).toBe(200);
      expect(theirs.body.items).toEqual([]);
      // Our ids as filters or cursor under their event find nothing.
      for (const query of [
        `?deviceId=${fixture.deviceId}`,
        `?locationId=${fixture.locationId}`,
        `?after=${ids.pending}`,
        `?wristbandUid=${fixture.attendees[0]!.wristbandUid}`,
      ]) {
        const answer = await call<OrderPage>(
          'GET',
          `/v1/events/${admin.other.eventId}/orders${query}`,
          { token: tokens.stranger },
        );
        expect(answer.body.items, query).toEqual([]);
      }
      const review = await call(
        'POST',
        `/v1/events/${admin.other.eventId}/orders/${ids.stale}/review`,
        {
          token: tokens.stranger,
          body: { reason: 'not mine' },
        },
      );
      expect(outcome(review)).toEqual([404, 'resource.not_found']);
    });
  });
}
