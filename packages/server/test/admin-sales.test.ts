import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldSalesChanges } from '@tabline/database';
import { cryptoRandom, systemClock } from '@tabline/domain';
import type { Promotion } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER, PUSH_PATH } from '@tabline/protocol';
import type { AdjustOrderRequest, EventSales, PushResponse } from '@tabline/protocol';
import { upsertLocation, upsertPromotion } from '@tabline/server';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { readEventSales } from '../src/admin/sales/read-event-sales.ts';
import { adminApi } from './support/admin-api.ts';
import { figuresOf, salesFromLedger } from './support/sales-from-ledger.ts';

/** Replay a failure with TEST_SEED=<seed>. */
const SEED = Number(process.env['TEST_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/** One step of a randomised session: what the devices, managers and processor do. */
type Step =
  | {
      kind: 'place';
      quantities: number[];
      band: number;
      location: number;
      minute: number;
    }
  | { kind: 'process'; pick: number }
  | { kind: 'refund'; pick: number; share: number }
  | { kind: 'void'; pick: number }
  | { kind: 'fold'; limit: number }
  | { kind: 'check' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      quantities: fc
        .array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 })
        .filter((quantities) => quantities.some((quantity) => quantity > 0)),
      band: fc.nat(7),
      location: fc.nat(2),
      minute: fc.nat(24 * 60 - 1),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('process' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fold' as const),
      limit: fc.integer({ min: 1, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const) }) },
);

/** UTC+5:30 all year: its hours start at half past UTC hours. */
const TIME_ZONE = 'Asia/Kolkata';

/** A promotion the devices never pulled, so the server charges less: 15 % off cider. */
const ciderOffer = (ciderId: string): Promotion => ({
  id: randomUUID(),
  name: 'Cider 15 %',
  active: true,
  priority: 0,
  stacking: 'stackable',
  validFrom: null,
  validUntil: null,
  window: null,
  tiers: null,
  target: { kind: 'products', productIds: [ciderId] },
  capCents: null,
  benefit: { kind: 'percent-off', basisPoints: 1500 },
});

for (const kind of testDatabaseKinds()) {
  describe(`an event's sales on ${kind}`, () => {
    // No workers: the test runs the order processor itself, order by order.
    const ctx = useTestStack(kind, { workers: false });
    const api = adminApi(() => ctx.stack.url);
    let deps: ProcessOrderDependencies;
    let fixture: EventFixture;
    let stageId: string;
    const tokens = { owner: '', manager: '', cashier: '', stranger: '' };
    let deviceSeq = 0;

    beforeAll(async () => {
      const db = ctx.test.database;
      deps = { db, jobs: ctx.stack.jobs, clock: systemClock, random: cryptoRandom };
      fixture = await createEventFixture(db, { timeZone: TIME_ZONE });
      stageId = randomUUID();
      await upsertLocation(db, { id: stageId, eventId: fixture.eventId, name: 'Stage' });
      const stored = await upsertPromotion(
        db,
        fixture.eventId,
        ciderOffer(fixture.products[1]!.id),
      );
      expect(stored.ok).toBe(true);
      const staff = await createStaffFixture(db, fixture);
      tokens.owner = await signInStaff(ctx.stack.url, staff.owner);
      tokens.manager = await signInStaff(ctx.stack.url, staff.manager);
      tokens.cashier = await signInStaff(ctx.stack.url, staff.cashier);
      const strangers = await createStaffFixture(db, ctx.fixture);
      tokens.stranger = await signInStaff(ctx.stack.url, strangers.owner);
    });

    /** Places an order through the push API and returns its id. */
    const place = async (
      event: EventFixture,
      order: {
        quantities: number[];
        placedAt: string;
        locationId?: string | null;
        wristbandUid?: string;
      },
    ) => {
      const item = placeOrderItem(event, {
        deviceSeq: ++deviceSeq,
        quantities: order.quantities,
        placedAt: order.placedAt,
        wristbandUid: order.wristbandUid ?? event.attendees[0]!.wristbandUid,
      });
      if (order.locationId !== undefined) item.payload.locationId = order.locationId;
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${event.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [item] }),
      });
      const { results } = (await response.json()) as PushResponse;
      expect(results[0]!.outcome).toBe('accepted');
      return item.payload.orderId;
    };
    const adjust = async (orderId: string, request: AdjustOrderRequest) => {
      const response = await fetch(
        `${ctx.stack.url}/v1/events/${fixture.eventId}/orders/${orderId}/adjustments`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.manager}`,
            'content-type': 'application/json',
            [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
          },
          body: JSON.stringify(request),
        },
      );
      expect(response.status).toBe(201);
      expect(await processOrder(deps, orderId)).toBe('adjusted');
    };
    const salesOf = (eventId: string, token: string) =>
      api<EventSales>('GET', `/v1/events/${eventId}/sales`, { token });

    it('answers totals, locations, hours and products that are its ledger to the cent', async () => {
      const bar = fixture.locationId;
      const band = (index: number) => fixture.attendees[index]!.wristbandUid;
      // Lager 650, cider 700, water 250. Kolkata hours start at :30 UTC: 09:29:59Z is
      // 14:59:59 there, 09:30Z is 15:00.
      const lagerCiderWater = await place(fixture, {
        quantities: [1, 1, 1],
        placedAt: '2024-07-05T10:10:00Z',
        locationId: bar,
      });
      const twoLagersAndWater = await place(fixture, {
        quantities: [2, 0, 1],
        placedAt: '2024-07-05T10:20:00Z',
        locationId: stageId,
        wristbandUid: band(1),
      });
      const threeCiders = await place(fixture, {
        quantities: [0, 3, 0],
        placedAt: '2024-07-05T11:05:00Z',
        locationId: bar,
        wristbandUid: band(2),
      });
      const lagerNowhere = await place(fixture, {
        quantities: [1, 0, 0],
        placedAt: '2024-07-05T09:29:59Z',
        locationId: null,
        wristbandUid: band(3),
      });
      const unknownBand = await place(fixture, {
        quantities: [0, 0, 4],
        placedAt: '2024-07-05T10:00:00Z',
        locationId: stageId,
        wristbandUid: 'NOSUCHBAND1',
      });
      await place(fixture, { quantities: [1, 1, 1], placedAt: '2024-07-05T10:15:00Z' });

      expect(await processOrder(deps, lagerCiderWater)).toBe('charged'); // 1600 - 105 = 1495
      expect(await processOrder(deps, twoLagersAndWater)).toBe('charged'); // 1550
      expect(await processOrder(deps, threeCiders)).toBe('charged'); // 2100 - 315 = 1785
      expect(await processOrder(deps, lagerNowhere)).toBe('charged'); // 650
      expect(await processOrder(deps, unknownBand)).toBe('flagged'); // 0, no ledger entry
      await adjust(lagerCiderWater, { kind: 'refund', amountCents: 250, reason: 'spilt' });
      await adjust(threeCiders, { kind: 'void', reason: 'rang up twice' });

      const answer = await salesOf(fixture.eventId, tokens.manager);
      expect(answer.status).toBe(200);
      const sales = answer.body;
      expect(sales).toMatchObject({ currency: fixture.currency, timeZone: TIME_ZONE });
      expect(Date.parse(sales.asOf)).not.toBeNaN();

      // Every figure is the ledger's, worked out row by row without the endpoint's SQL.
      const fromLedger = await salesFromLedger(ctx.test.database, fixture.eventId, TIME_ZONE);
      expect(figuresOf(sales)).toEqual(fromLedger);
      const sum = (rows: { netCents: number }[]) => rows.reduce((s, row) => s + row.netCents, 0);
      for (const part of [sales.byLocation, sales.byProduct, sales.byHour]) {
        expect(sum(part)).toBe(sales.totals.netCents);
      }

      // And the same figures by hand, in the order the endpoint lists them.
      expect(sales.totals).toEqual({
        chargedCents: 1495 + 1550 + 1785 + 650,
        voidedCents: 1785,
        refundedCents: 250,
        netCents: 3445,
        orders: 6,
        processedOrders: 5,
        pendingOrders: 1,
      });
      expect(sales.byLocation).toEqual([
        { locationId: stageId, name: 'Stage', netCents: 1550, orders: 2 },
        { locationId: bar, name: 'Bar', netCents: 1245, orders: 2 },
        { locationId: null, name: null, netCents: 650, orders: 1 },
      ]);
      expect(sales.byHour).toEqual([
        { hour: '2024-07-05T08:30:00.000Z', netCents: 650, orders: 1 },
        { hour: '2024-07-05T09:30:00.000Z', netCents: 1245 + 1550, orders: 3 },
        { hour: '2024-07-05T10:30:00.000Z', netCents: 0, orders: 1 },
      ]);
      // The refunded order's 1245 over 650/700/250 by cumulative floors: 505, 545, 195.
      const [lager, cider, water] = fixture.products.map((product) => product.id);
      expect(sales.byProduct).toEqual([
        { productId: lager, name: 'Lager', quantity: 4, netCents: 505 + 1300 + 650 },
        { productId: cider, name: 'Cider', quantity: 4, netCents: 545 },
        { productId: water, name: 'Water', quantity: 6, netCents: 195 + 250 },
      ]);
    });

    it("keeps every figure the ledger's through any mix of orders, voids, refunds and folds", async () => {
      // St John's is UTC-2:30 until 2024-11-03 04:30Z, then UTC-3:30: the day's
      // orders fall on both sides of its clocks going back.
      const timeZone = 'America/St_Johns';
      const event = await createEventFixture(ctx.test.database, {
        organisationId: fixture.organisationId,
        timeZone,
      });
      const db = ctx.test.database;
      const tentId = randomUUID();
      await upsertLocation(db, { id: tentId, eventId: event.eventId, name: 'Tent' });
      const bands = [
        ...event.attendees.map((attendee) => attendee.wristbandUid),
        event.blockedWristbandUid,
        'NOSUCHBAND2',
        event.noPhoneWristbandUid,
      ];
      const locations = [event.locationId, tentId, null];
      const steps = fc.sample(fc.array(stepArbitrary, { minLength: 40, maxLength: 60 }), {
        seed: SEED,
        numRuns: 1,
      })[0]!;
      console.log(
        `sales session: seed ${SEED} (TEST_SEED=${SEED} replays it), ${steps.length} steps`,
      );
      const placed: string[] = [];
      const pending = new Set<string>();
      const check = async (where: string) => {
        const fromLedger = await salesFromLedger(db, event.eventId, timeZone);
        expect(
          figuresOf(await readEventSales(db, event.eventId)),
          `${where}, seed ${SEED}`,
        ).toEqual(fromLedger);
      };
      for (const [index, step] of steps.entries()) {
        const pick = (orders: readonly string[], n: number) => orders[n % orders.length];
        switch (step.kind) {
          case 'place': {
            const orderId = await place(event, {
              quantities: step.quantities,
              placedAt: new Date(
                Date.parse('2024-11-03T00:00:00Z') + step.minute * 60_000,
              ).toISOString(),
              locationId: locations[step.location]!,
              wristbandUid: bands[step.band]!,
            });
            placed.push(orderId);
            pending.add(orderId);
            break;
          }
          case 'process': {
            const orderId = pick([...pending], step.pick);
            if (orderId === undefined) break;
            await processOrder(deps, orderId);
            pending.delete(orderId);
            break;
          }
          case 'refund':
          case 'void': {
            const orderId = pick(placed, step.pick);
            if (orderId === undefined) break;
            const { rows } = await db.query<{ leftCents: number }>(
              `select total_cents - adjusted_cents as "leftCents" from orders
               where id = $1 and voided_at is null`,
              [orderId],
            );
            const leftCents = rows[0]?.leftCents ?? 0;
            if (leftCents === 0) break;
            const request: AdjustOrderRequest =
              step.kind === 'void'
                ? { kind: 'void', reason: 'rang up twice' }
                : {
                    kind: 'refund',
                    amountCents: Math.max(1, Math.floor(leftCents * step.share)),
                    reason: 'spilt',
                  };
            const response = await fetch(
              `${ctx.stack.url}/v1/events/${event.eventId}/orders/${orderId}/adjustments`,
              {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${tokens.owner}`,
                  'content-type': 'application/json',
                  [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
                },
                body: JSON.stringify(request),
              },
            );
            expect(response.status, `step ${index}, seed ${SEED}`).toBe(201);
            await processOrder(deps, orderId);
            pending.delete(orderId);
            break;
          }
          case 'fold':
            await foldSalesChanges(db, event.eventId, step.limit);
            break;
          case 'check':
            await check(`step ${index}`);
            break;
          default: {
            const unreachable: never = step;
            throw new Error(`Unhandled step ${JSON.stringify(unreachable)}`);
          }
        }
      }
      await check('the end, changes not all folded');
      // The endpoint folds before it reads: the same figures, from the rollups.
      const answer = await salesOf(event.eventId, tokens.owner);
      expect(answer.status).toBe(200);
      expect(figuresOf(answer.body), `seed ${SEED}`).toEqual(
        await salesFromLedger(db, event.eventId, timeZone),
      );
      while ((await foldSalesChanges(db, event.eventId)) > 0);
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int8 as n from sales_changes where event_id = $1',
        [event.eventId],
      );
      expect(rows[0]!.n).toBe(0);
      await check('the end, every change folded');
    });

    it('answers an event with no orders with zeros', async () => {
      const empty = await createEventFixture(ctx.test.database, {
        organisationId: fixture.organisationId,
      });
      const answer = await salesOf(empty.eventId, tokens.owner);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        totals: {
          chargedCents: 0,
          voidedCents: 0,
          refundedCents: 0,
          netCents: 0,
          orders: 0,
          processedOrders: 0,
          pendingOrders: 0,
        },
        byLocation: [],
        byProduct: [],
        byHour: [],
      });
    });

    it('cuts hours in UTC when the database does not know the event time zone', async () => {
      const other = await createEventFixture(ctx.test.database, {
        organisationId: fixture.organisationId,
        timeZone: 'Asia/Kolkata',
      });
      const orderId = await place(other, {
        quantities: [1, 0, 0],
        placedAt: '2024-07-05T10:10:00Z',
      });
      expect(await processOrder(deps, orderId)).toBe('charged');
      // Intl knew the zone when the event was saved; this database does not.
      await ctx.test.database.query('update events set time_zone = $2 where id = $1', [
        other.eventId,
        'Mars/Olympus_Mons',
      ]);
      const answer = await salesOf(other.eventId, tokens.owner);
      expect(answer.status).toBe(200);
      expect(answer.body.timeZone).toBe('UTC');
      expect(answer.body.byHour).toEqual([
        { hour: '2024-07-05T10:00:00.000Z', netCents: 650, orders: 1 },
      ]);
    });

    it('answers only staff who may read the event orders, with documented problems', async () => {
      const path = `/v1/events/${fixture.eventId}/sales`;
      const answers = {
        owner: await api('GET', path, { token: tokens.owner }),
        anonymous: await api('GET', path),
        cashier: await api('GET', path, { token: tokens.cashier }),
        stranger: await api('GET', path, { token: tokens.stranger }),
        unknownEvent: await api('GET', `/v1/events/${randomUUID()}/sales`, {
          token: tokens.manager,
        }),
      };
      const outcome = (answer: { status: number; body: { code?: string } }) => [
        answer.status,
        answer.body.code,
      ];
      expect(answers.owner.status).toBe(200);
      expect(outcome(answers.anonymous)).toEqual([401, 'auth.token_missing']);
      expect(outcome(answers.cashier)).toEqual([403, 'auth.forbidden']);
      expect(outcome(answers.stranger)).toEqual([404, 'resource.not_found']);
      expect(outcome(answers.unknownEvent)).toEqual([404, 'resource.not_found']);
    });
  });
}
