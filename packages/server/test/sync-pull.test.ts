import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_PATH } from '@tabline/protocol';
import type { PullResponse } from '@tabline/protocol';
import { upsertProduct } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`sync pull on ${kind}`, () => {
    let test: TestDatabase;
    let stack: TestStack;
    let fixture: EventFixture;

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      stack = await startTestStack(test, { workers: false });
      fixture = await createEventFixture(test.database);
      await createEventFixture(test.database); // another tenant, never to be seen
    });
    afterAll(async () => {
      await stack.stop();
      await test.dispose();
    });

    const pull = async (query = '') => {
      const response = await fetch(`${stack.url}${PULL_PATH}${query}`, {
        headers: { authorization: `Bearer ${fixture.deviceToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as PullResponse;
    };

    it("returns the device's event, its location and the whole catalog on the first pull", async () => {
      const page = await pull();
      expect(page.event).toMatchObject({ id: fixture.eventId, currency: 'USD' });
      expect(page.device).toEqual({
        id: fixture.deviceId,
        name: 'POS 1',
        locationId: fixture.locationId,
      });
      expect(page.categories).toHaveLength(1);
      expect(page.products.map((p) => p.id).sort()).toEqual(
        fixture.products.map((p) => p.id).sort(),
      );
      expect(page.hasMore).toBe(false);
    });

    it('pages through changes in order and then returns only what changed since the cursor', async () => {
      const first = await pull('?limit=2');
      expect(first.hasMore).toBe(true);
      const second = await pull(`?limit=2&cursor=${first.cursor}`);
      expect(second.hasMore).toBe(false);
      expect(first.categories.length + first.products.length + second.products.length).toBe(4);

      const lager = fixture.products[0]!;
      await upsertProduct(test.database, {
        ...lager,
        eventId: fixture.eventId,
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
      const lager = latest.products.find((p) => p.id === fixture.products[0]!.id)!;
      await upsertProduct(test.database, { ...lager, eventId: fixture.eventId });
      const after = await pull(`?cursor=${latest.cursor}`);
      expect(after.products).toEqual([]);
    });

    it('refuses a cursor that is not a number', async () => {
      const response = await fetch(`${stack.url}${PULL_PATH}?cursor=abc`, {
        headers: { authorization: `Bearer ${fixture.deviceToken}` },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'request.invalid' });
    });
  });
}
