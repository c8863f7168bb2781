import { beforeAll, describe, expect, it } from 'vitest';
import { PULL_PATH } from '@tabline/protocol';
import type { PullResponse } from '@tabline/protocol';
import { upsertProduct } from '@tabline/server';
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
      const first = await pull('?limit=2');
      expect(first.hasMore).toBe(true);
      const second = await pull(`?limit=2&cursor=${first.cursor}`);
      expect(second.hasMore).toBe(false);
      expect(first.categories.length + first.products.length + second.products.length).toBe(4);

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
  });
}
