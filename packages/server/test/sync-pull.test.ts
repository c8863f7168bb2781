import { beforeAll, describe, expect, it } from 'vitest';
import { PULL_PATH } from '@tabline/protocol';
import type { PromotionRecord, PullResponse } from '@tabline/protocol';
import { upsertProduct, upsertPromotion, upsertWristband } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`sync pull on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    beforeAll(async () => {
      await createEventFixture(ctx.test.database); // another tenant, never to be seen
    });

    const pull = async (query = '') => {
      const response = await fetch(`${ctx.stack.url}${PULL_PATH}${query}`, {
        headers: { authorization: `Bearer ${ctx.fixture.deviceToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as PullResponse;
    };

    it("returns the device's event, its location and the whole catalog on the first pull", async () => {
      const page = await pull();
      expect(page.event).toMatchObject({ id: ctx.fixture.eventId, currency: 'USD' });
      expect(page.device).toEqual({
        id: ctx.fixture.deviceId,
        name: 'POS 1',
        locationId: ctx.fixture.locationId,
      });
      expect(page.categories).toHaveLength(1);
      expect(page.products.map((p) => p.id).sort()).toEqual(
        ctx.fixture.products.map((p) => p.id).sort(),
      );
      expect(page.hasMore).toBe(false);
    });

    it('pages through changes in order and then returns only what changed since the cursor', async () => {
      const pages: PullResponse[] = [];
      let cursor = '0';
      do {
        pages.push(await pull(`?limit=2&cursor=${cursor}`));
        expect(Number(pages.at(-1)!.cursor)).toBeGreaterThan(Number(cursor));
        cursor = pages.at(-1)!.cursor;
      } while (pages.at(-1)!.hasMore);
      const records = pages.flatMap((page) => [
        ...page.categories.map((record) => record.id),
        ...page.products.map((record) => record.id),
        ...page.wristbands.map((record) => record.uid),
      ]);
      expect(
        pages.every(
          (page) => page.categories.length + page.products.length + page.wristbands.length <= 2,
        ),
      ).toBe(true);
      // 1 category, 3 products, 7 wristbands: each exactly once.
      expect(new Set(records).size).toBe(11);
      expect(records).toHaveLength(11);
      const first = pages[0]!;
      const second = pages.at(-1)!;

      const lager = ctx.fixture.products[0]!;
      await upsertProduct(ctx.test.database, {
        ...lager,
        eventId: ctx.fixture.eventId,
        categoryId: first.categories[0]!.id,
        priceCents: 700,
        position: 0,
        active: false,
      });
      const changes = await pull(`?cursor=${second.cursor}`);
      expect(changes.products).toEqual([
        expect.objectContaining({ id: lager.id, priceCents: 700, active: false }),
      ]);
      expect(changes.categories).toEqual([]);
      expect(Number(changes.cursor)).toBeGreaterThan(Number(second.cursor));
    });

    it('sends nothing new for an upsert that changes nothing', async () => {
      const latest = await pull();
      const lager = latest.products.find((p) => p.id === ctx.fixture.products[0]!.id)!;
      await upsertProduct(ctx.test.database, { ...lager, eventId: ctx.fixture.eventId });
      const after = await pull(`?cursor=${latest.cursor}`);
      expect(after.products).toEqual([]);
    });

    it('refuses a cursor that is not a number', async () => {
      const response = await fetch(`${ctx.stack.url}${PULL_PATH}?cursor=abc`, {
        headers: { authorization: `Bearer ${ctx.fixture.deviceToken}` },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'request.invalid' });
    });
    it('sends the wristband list with tiers and tab limits, and a block on the next pull', async () => {
      const first = await pull();
      const band = ctx.fixture.attendees[0]!;
      expect(first.wristbands).toContainEqual({
        uid: band.wristbandUid,
        status: 'active',
        tier: 'standard',
        tabLimitCents: null,
      });
      expect(first.wristbands).toContainEqual(
        expect.objectContaining({ uid: ctx.fixture.blockedWristbandUid, status: 'blocked' }),
      );
      await upsertWristband(ctx.test.database, {
        eventId: ctx.fixture.eventId,
        uid: band.wristbandUid,
        attendeeId: band.id,
        status: 'blocked',
        tabLimitCents: 5000,
      });
      await ctx.test.database.query(`update attendees set tier = 'vip' where id = $1`, [
        ctx.fixture.attendees[1]!.id,
      ]);
      const next = await pull(`?cursor=${first.cursor}`);
      expect(next.wristbands).toEqual([
        { uid: band.wristbandUid, status: 'blocked', tier: 'standard', tabLimitCents: 5000 },
        expect.objectContaining({ uid: ctx.fixture.attendees[1]!.wristbandUid, tier: 'vip' }),
      ]);
    });

    it('sends promotions and the event offline rules', async () => {
      const before = await pull();
      expect(before.event).toMatchObject({
        offlineSpendingLimitCents: 15000,
        offlineWarningSeconds: 1800,
      });
      const happyHour: PromotionRecord = {
        id: crypto.randomUUID(),
        name: 'Happy hour',
        active: true,
        priority: 1,
        stacking: 'stackable',
        validFrom: null,
        validUntil: null,
        window: { startMinute: 17 * 60, endMinute: 19 * 60, daysOfWeek: [5, 6] },
        tiers: null,
        target: { kind: 'products', productIds: [ctx.fixture.products[0]!.id] },
        benefit: { kind: 'percent-off', basisPoints: 2500 },
        capCents: null,
      };
      expect(
        await upsertPromotion(ctx.test.database, ctx.fixture.eventId, happyHour),
      ).toMatchObject({
        ok: true,
      });
      const after = await pull(`?cursor=${before.cursor}`);
      expect(after.promotions).toEqual([happyHour]);
      await upsertPromotion(ctx.test.database, ctx.fixture.eventId, happyHour);
      expect((await pull(`?cursor=${after.cursor}`)).promotions).toEqual([]);
      const broken = {
        ...happyHour,
        id: crypto.randomUUID(),
        benefit: { kind: 'percent-off', basisPoints: 0 },
      };
      expect(await upsertPromotion(ctx.test.database, ctx.fixture.eventId, broken)).toMatchObject({
        ok: false,
        error: { code: 'promotion.invalid' },
      });
    });
  });
}
