import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, systemClock } from '@tabline/domain';
import type { Clock, Promotion } from '@tabline/domain';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { promotion as pricingPromotion } from '../../domain/test/pricing-fixtures.ts';
import {
  adjustOnline,
  catalogCursor,
  devicePricedOrder,
  pushAccepted,
  readChargedOrder,
  storePromotions,
} from './support/pricing-world.ts';

/** The pricing tests' promotion for everyone, with an id of its own (rows in a database). */
const promotion = (overrides: Partial<Promotion> & Pick<Promotion, 'benefit'>): Promotion =>
  pricingPromotion({ id: randomUUID(), ...overrides });

const tenPercentForVips = () =>
  promotion({
    name: 'VIP 10 %',
    tiers: ['vip'],
    benefit: { kind: 'percent-off', basisPoints: 1000 },
  });

/** Friday 5 July 2024 in Berlin (CEST, UTC+2). */
const BERLIN_21_59 = Date.parse('2024-07-05T19:59:00Z');
const BERLIN_22_00 = Date.parse('2024-07-05T20:00:00Z');
const BERLIN_23_00 = Date.parse('2024-07-05T21:00:00Z');

for (const kind of testDatabaseKinds()) {
  describe(`server-side pricing in the order processor on ${kind}`, () => {
    // No workers: the test runs the processor itself, with its own clock.
    const ctx = useTestStack(kind, { workers: false });
    const depsAt = (clock: Clock): ProcessOrderDependencies => ({
      db: ctx.test.database,
      jobs: ctx.stack.jobs,
      clock,
      random: cryptoRandom,
    });
    let deps: ProcessOrderDependencies;
    beforeAll(() => {
      deps = depsAt(systemClock);
    });

    /** A fresh event with these promotions stored, so tests never see each other's. */
    const eventWith = async (promotions: Promotion[], options: { timeZone?: string } = {}) => {
      const fixture = await createEventFixture(ctx.test.database, options);
      const stored = await storePromotions(ctx.test.database, fixture.eventId, promotions);
      const catalogVersion = await catalogCursor(ctx.test.database, fixture.eventId);
      return { fixture, promotions: stored, catalogVersion };
    };
    const setTier = (fixture: EventFixture, index: number, tier: 'standard' | 'vip') =>
      ctx.test.database.query('update attendees set tier = $2 where id = $1', [
        fixture.attendees[index]!.id,
        tier,
      ]);
    const receiptOf = async (orderId: string) =>
      (
        await ctx.test.database.query<{ body: string }>(
          'select body from sms_messages where order_id = $1',
          [orderId],
        )
      ).rows[0]?.body;

    it('charges the happy hour of an order placed at 21:59, processed at 23:00 after it ended', async () => {
      const happyHour = promotion({
        name: 'Happy hour',
        window: { startMinute: 17 * 60, endMinute: 22 * 60, daysOfWeek: null },
        benefit: { kind: 'percent-off', basisPoints: 2000 },
      });
      const world = await eventWith([happyHour], { timeZone: 'Europe/Berlin' });
      const { fixture } = world;
      const order = (placedAt: number, wristband: number) =>
        devicePricedOrder(fixture, {
          wristbandUid: fixture.attendees[wristband]!.wristbandUid,
          quantities: [2, 1, 1],
          placedAt,
          promotions: world.promotions,
          tier: 'standard',
          catalogVersion: world.catalogVersion,
        });
      const inHappyHour = order(BERLIN_21_59, 0);
      const afterIt = order(BERLIN_22_00, 1);
      // 2 lagers, a cider and a water: 1300 + 700 + 250 = 2250, less 20 % = 1800.
      expect([inHappyHour.payload.totalCents, afterIt.payload.totalCents]).toEqual([1800, 2250]);
      const [inId, afterId] = await pushAccepted(ctx.stack.url, fixture, [inHappyHour, afterIt]);

      const at2300 = depsAt({ now: () => BERLIN_23_00 });
      expect(await processOrder(at2300, inId!)).toBe('charged');
      expect(await processOrder(at2300, afterId!)).toBe('charged');
      expect(await readChargedOrder(ctx.test.database, inId!)).toMatchObject({
        totalCents: 1800,
        chargedCents: 1800,
        flags: [],
        entries: [{ kind: 'order', amountCents: 1800 }],
        tab: { balanceCents: 1800, ledgerCents: 1800 },
      });
      expect(await readChargedOrder(ctx.test.database, afterId!)).toMatchObject({
        chargedCents: 2250,
        flags: [],
      });
    });

    it('gives the happy hour at the placed time to an order whose device did not know it', async () => {
      const happyHour = promotion({
        name: 'Happy hour',
        window: { startMinute: 17 * 60, endMinute: 22 * 60, daysOfWeek: null },
        benefit: { kind: 'percent-off', basisPoints: 2000 },
      });
      const world = await eventWith([happyHour], { timeZone: 'Europe/Berlin' });
      const unaware = devicePricedOrder(world.fixture, {
        wristbandUid: world.fixture.attendees[0]!.wristbandUid,
        quantities: [2, 1, 1],
        placedAt: BERLIN_21_59,
        promotions: [],
        tier: 'standard',
        catalogVersion: world.catalogVersion,
      });
      const [orderId] = await pushAccepted(ctx.stack.url, world.fixture, [unaware]);
      expect(await processOrder(depsAt({ now: () => BERLIN_23_00 }), orderId!)).toBe('charged');
      expect(await readChargedOrder(ctx.test.database, orderId!)).toMatchObject({
        totalCents: 2250,
        chargedCents: 1800,
        flags: ['pricing.server_lower'],
      });
    });

    it("charges the server's lower total for a VIP the device did not know, flagged", async () => {
      const world = await eventWith([tenPercentForVips()]);
      const { fixture } = world;
      // Made VIP after the device's last pull: the device priced a standard attendee.
      await setTier(fixture, 0, 'vip');
      const item = devicePricedOrder(fixture, {
        wristbandUid: fixture.attendees[0]!.wristbandUid,
        quantities: [1, 1, 1],
        placedAt: Date.now() - 60_000,
        promotions: world.promotions,
        tier: 'standard',
        catalogVersion: world.catalogVersion,
      });
      expect(item.payload.totalCents).toBe(1600);
      const [orderId] = await pushAccepted(ctx.stack.url, fixture, [item]);
      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect(await readChargedOrder(ctx.test.database, orderId!)).toEqual({
        totalCents: 1600,
        chargedCents: 1440,
        flags: ['pricing.server_lower'],
        entries: [{ kind: 'order', amountCents: 1440 }],
        tab: { balanceCents: 1440, ledgerCents: 1440 },
      });
      expect(await receiptOf(orderId!)).toMatch(/= \$14\.40\. Your tab: \$14\.40/);
    });

    it('charges the device total when the device priced lower than the server, flagged', async () => {
      const world = await eventWith([tenPercentForVips()]);
      const { fixture } = world;
      // The device still holds the attendee as a VIP; the server no longer does.
      const item = devicePricedOrder(fixture, {
        wristbandUid: fixture.attendees[1]!.wristbandUid,
        quantities: [1, 1, 1],
        placedAt: Date.now() - 60_000,
        promotions: world.promotions,
        tier: 'vip',
        catalogVersion: world.catalogVersion,
      });
      expect(item.payload.totalCents).toBe(1440);
      const [orderId] = await pushAccepted(ctx.stack.url, fixture, [item]);
      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect(await readChargedOrder(ctx.test.database, orderId!)).toEqual({
        totalCents: 1440,
        chargedCents: 1440,
        flags: ['pricing.device_lower'],
        entries: [{ kind: 'order', amountCents: 1440 }],
        tab: { balanceCents: 1440, ledgerCents: 1440 },
      });
    });

    it('charges nothing for an unknown wristband, and prices nothing for it', async () => {
      const world = await eventWith([tenPercentForVips()]);
      const item = devicePricedOrder(world.fixture, {
        wristbandUid: 'NOSUCHBAND',
        quantities: [1, 1, 1],
        placedAt: Date.now() - 60_000,
        promotions: world.promotions,
        tier: 'vip',
        catalogVersion: world.catalogVersion,
      });
      const [orderId] = await pushAccepted(ctx.stack.url, world.fixture, [item]);
      expect(await processOrder(deps, orderId!)).toBe('flagged');
      expect(await readChargedOrder(ctx.test.database, orderId!)).toEqual({
        totalCents: 1440,
        chargedCents: 0,
        flags: ['wristband.unknown'],
        entries: [],
        tab: null,
      });
    });

    it('never reverses more than was charged, and a second run writes nothing new', async () => {
      const world = await eventWith([tenPercentForVips()]);
      const { fixture } = world;
      const owner = (await createStaffFixture(ctx.test.database, fixture)).owner;
      const session = await signInStaff(ctx.stack.url, owner);
      await setTier(fixture, 2, 'vip');
      const unaware = (wristband: number) =>
        devicePricedOrder(fixture, {
          wristbandUid: fixture.attendees[wristband]!.wristbandUid,
          quantities: [1, 1, 1],
          placedAt: Date.now() - 60_000,
          promotions: world.promotions,
          tier: 'standard',
          catalogVersion: world.catalogVersion,
        });
      const [orderId] = await pushAccepted(ctx.stack.url, fixture, [unaware(2)]);
      const target = { eventId: fixture.eventId, orderId: orderId! };
      const adjust = (request: Parameters<typeof adjustOnline>[3]) =>
        adjustOnline(ctx.stack.url, session, target, request);
      const read = () => readChargedOrder(ctx.test.database, orderId!);

      expect(await processOrder(deps, orderId!)).toBe('charged');
      expect(await processOrder(deps, orderId!)).toBe('already-processed');
      expect((await read()).entries).toEqual([{ kind: 'order', amountCents: 1440 }]);
      const texts = await ctx.test.database.query(
        'select 1 from sms_messages where order_id = $1',
        [orderId],
      );
      expect(texts.rowCount).toBe(1);

      // Refunds are decided against the device total (1600); the tab was charged 1440.
      expect(await adjust({ kind: 'refund', reason: 'spilt', amountCents: 250 })).toBe(201);
      expect(await processOrder(deps, orderId!)).toBe('adjusted');
      expect(await adjust({ kind: 'refund', reason: 'spilt', amountCents: 1000 })).toBe(201);
      expect(await adjust({ kind: 'void', reason: 'wrong tab' })).toBe(201);
      expect(await processOrder(deps, orderId!)).toBe('adjusted');
      expect(await processOrder(deps, orderId!)).toBe('already-processed');
      expect(await read()).toMatchObject({
        totalCents: 1600,
        chargedCents: 1440,
        entries: [
          { kind: 'order', amountCents: 1440 },
          { kind: 'refund', amountCents: -250 },
          { kind: 'refund', amountCents: -1000 },
          // The void takes what is left of the device total (350), but only 190 was left to reverse.
          { kind: 'void', amountCents: -190 },
        ],
        tab: { balanceCents: 0, ledgerCents: 0 },
      });

      // A void recorded before the order is processed is reversed with it, to zero.
      const [early] = await pushAccepted(ctx.stack.url, fixture, [unaware(2)]);
      expect(
        await adjustOnline(
          ctx.stack.url,
          session,
          { ...target, orderId: early! },
          {
            kind: 'void',
            reason: 'wrong tab',
          },
        ),
      ).toBe(201);
      expect(await processOrder(deps, early!)).toBe('charged');
      expect(await readChargedOrder(ctx.test.database, early!)).toMatchObject({
        chargedCents: 1440,
        entries: [
          { kind: 'order', amountCents: 1440 },
          { kind: 'void', amountCents: -1440 },
        ],
        tab: { balanceCents: 0, ledgerCents: 0 },
      });
    });

    it('shows managers what was charged beside the device total', async () => {
      const world = await eventWith([tenPercentForVips()]);
      const { fixture } = world;
      const owner = (await createStaffFixture(ctx.test.database, fixture)).owner;
      const session = await signInStaff(ctx.stack.url, owner);
      await setTier(fixture, 3, 'vip');
      const [orderId] = await pushAccepted(ctx.stack.url, fixture, [
        devicePricedOrder(fixture, {
          wristbandUid: fixture.attendees[3]!.wristbandUid,
          quantities: [1, 1, 1],
          placedAt: Date.now() - 60_000,
          promotions: world.promotions,
          tier: 'standard',
          catalogVersion: world.catalogVersion,
        }),
      ]);
      const details = async () => {
        const response = await fetch(
          `${ctx.stack.url}/v1/events/${fixture.eventId}/orders/${orderId}`,
          { headers: { authorization: `Bearer ${session}` } },
        );
        expect(response.status).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      };
      expect(await details()).toMatchObject({ totalCents: 1600, chargedCents: null });
      await processOrder(deps, orderId!);
      expect(await details()).toMatchObject({
        totalCents: 1600,
        chargedCents: 1440,
        flags: ['pricing.server_lower'],
      });
    });
  });
}
