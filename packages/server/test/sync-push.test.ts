import { describe, expect, it } from 'vitest';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`sync push on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });

    const push = (items: unknown[], token = ctx.fixture.deviceToken) =>
      fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
    const pushOk = async (items: PlaceOrderWorkItem[]) => {
      const response = await push(items);
      expect(response.status).toBe(200);
      return (await response.json()) as PushResponse;
    };
    const count = async (sql: string, params: unknown[] = []) =>
      (
        await ctx.test.database.query<{ n: number }>(
          `select count(*)::int8 as n from ${sql}`,
          params,
        )
      ).rows[0]!.n;
    const jobsFor = (orderId: string) =>
      count(`pgboss.job where name = 'process-order' and data->'orderIds' ? $1`, [orderId]);

    it('stores each order with its items and one processing job, and answers per item', async () => {
      const items = [
        placeOrderItem(ctx.fixture, { deviceSeq: 1 }),
        placeOrderItem(ctx.fixture, { deviceSeq: 2 }),
      ];
      const body = await pushOk(items);
      expect(body.results.map((r) => [r.idempotencyKey, r.outcome, r.replayed])).toEqual(
        items.map((item) => [item.idempotencyKey, 'accepted', false]),
      );
      for (const item of items) {
        const { rows } = await ctx.test.database.query<{ total_cents: number; device_seq: number }>(
          'select total_cents, device_seq from orders where id = $1 and event_id = $2',
          [item.payload.orderId, ctx.fixture.eventId],
        );
        expect(rows).toEqual([{ total_cents: 1600, device_seq: item.deviceSeq }]);
        expect(await count('order_items where order_id = $1', [item.payload.orderId])).toBe(3);
        expect(await jobsFor(item.payload.orderId)).toBe(1);
      }
    });

    it('answers a replayed key with the stored result and changes nothing', async () => {
      const item = placeOrderItem(ctx.fixture);
      const first = await pushOk([item]);
      const ordersBefore = await count('orders');
      const second = await pushOk([item]);
      expect(second.results[0]).toEqual({ ...first.results[0], replayed: true });
      expect(await count('orders')).toBe(ordersBefore);
      expect(await jobsFor(item.payload.orderId)).toBe(1);
    });

    it('refuses a key reused for a different order and keeps the first outcome', async () => {
      const item = placeOrderItem(ctx.fixture);
      await pushOk([item]);
      const reused = placeOrderItem(ctx.fixture);
      const body = await pushOk([{ ...reused, idempotencyKey: item.idempotencyKey }]);
      expect(body.results[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 'idempotency.key_reused' },
      });
      expect(await count('orders where id = $1', [reused.payload.orderId])).toBe(0);
      const replay = await pushOk([item]);
      expect(replay.results[0]).toMatchObject({ outcome: 'accepted', replayed: true });
    });

    it('rejects a malformed item with its code without blocking the rest of the batch', async () => {
      const good = placeOrderItem(ctx.fixture);
      const bad = placeOrderItem(ctx.fixture);
      const wrongTotal = {
        ...bad,
        payload: { ...bad.payload, totalCents: bad.payload.totalCents + 1 },
      };
      const body = await pushOk([wrongTotal, good]);
      expect(body.results[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 'order.total_mismatch' },
      });
      expect(body.results[1]).toMatchObject({ outcome: 'accepted' });
      const replay = await pushOk([wrongTotal]);
      expect(replay.results[0]).toMatchObject({ outcome: 'rejected', replayed: true });
      expect(await count('orders where id = $1', [bad.payload.orderId])).toBe(0);
    });

    it('stores one order when the same item is pushed concurrently; a push finding it in flight is told to retry', async () => {
      const item = placeOrderItem(ctx.fixture);
      const responses = await Promise.all(Array.from({ length: 10 }, () => push([item])));
      const answered: PushResponse[] = [];
      for (const response of responses) {
        if (response.status === 409) {
          expect(response.headers.get('retry-after')).toBe('1');
          expect(((await response.json()) as { code: string }).code).toBe('idempotency.in_flight');
        } else {
          expect(response.status).toBe(200);
          answered.push((await response.json()) as PushResponse);
        }
      }
      expect(answered.filter((b) => !b.results[0]!.replayed)).toHaveLength(1);
      // The retry of a push that was told "in flight" gets the stored outcome.
      expect((await pushOk([item])).results[0]).toMatchObject({
        outcome: 'accepted',
        replayed: true,
      });
      expect(await count('orders where id = $1', [item.payload.orderId])).toBe(1);
      expect(await jobsFor(item.payload.orderId)).toBe(1);
    });

    it('treats the same order under a new key from the same device as the same sale', async () => {
      const item = placeOrderItem(ctx.fixture);
      await pushOk([item]);
      const body = await pushOk([{ ...item, idempotencyKey: crypto.randomUUID() }]);
      expect(body.results[0]).toMatchObject({ outcome: 'accepted' });
      expect(await count('orders where id = $1', [item.payload.orderId])).toBe(1);
    });

    it('stores one order, its lines once and one job when a batch holds it under two keys', async () => {
      const item = placeOrderItem(ctx.fixture);
      const again = { ...item, idempotencyKey: crypto.randomUUID(), deviceSeq: item.deviceSeq + 1 };
      const body = await pushOk([item, again]);
      expect(body.results.map((result) => result.outcome)).toEqual(['accepted', 'accepted']);
      expect(await count('orders where id = $1', [item.payload.orderId])).toBe(1);
      expect(await count('order_items where order_id = $1', [item.payload.orderId])).toBe(
        item.payload.items.length,
      );
      expect(await jobsFor(item.payload.orderId)).toBe(1);
    });

    it('refuses requests without a live token, with a problem document', async () => {
      const item = placeOrderItem(ctx.fixture);
      const missing = await fetch(ctx.stack.url + PUSH_PATH, { method: 'POST', body: '{}' });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await missing.json()) as { type: string };
      expect(problem).toMatchObject({ code: 'auth.token_missing', status: 401 });
      const described = await fetch(new URL(problem.type, ctx.stack.url));
      expect(await described.json()).toMatchObject({ code: 'auth.token_missing', httpStatus: 401 });
      const forged = await push([item], 'tl_dev_' + 'A'.repeat(43));
      expect(await forged.json()).toMatchObject({ code: 'auth.token_invalid' });
      expect(await count('orders where id = $1', [item.payload.orderId])).toBe(0);
    });

    it('refuses fractional money and unknown fields as invalid, storing nothing', async () => {
      const item = placeOrderItem(ctx.fixture);
      const fractional = { ...item, payload: { ...item.payload, totalCents: 16.5 } };
      const response = await push([fractional]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'request.invalid',
        errors: [
          expect.objectContaining({ path: expect.stringContaining('totalCents') as unknown }),
        ],
      });
      expect((await push([{ ...item, sneaky: true }])).status).toBe(400);
      expect(await count('orders where id = $1', [item.payload.orderId])).toBe(0);
    });

    it('keeps tenants apart: another event cannot claim an order id', async () => {
      const other = await createEventFixture(ctx.test.database);
      const item = placeOrderItem(ctx.fixture);
      await pushOk([item]);
      const theirs = placeOrderItem(other);
      const response = await push(
        [{ ...theirs, payload: { ...theirs.payload, orderId: item.payload.orderId } }],
        other.deviceToken,
      );
      const body = (await response.json()) as PushResponse;
      expect(body.results[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 'order.id_conflict' },
      });
      expect(JSON.stringify(body)).not.toContain(ctx.fixture.eventId);
      const { rows } = await ctx.test.database.query('select event_id from orders where id = $1', [
        item.payload.orderId,
      ]);
      expect(rows).toEqual([{ event_id: ctx.fixture.eventId }]);
    });
    it('stores discounts as priced by the device and refuses ones that do not add up', async () => {
      const item = placeOrderItem(ctx.fixture);
      const [first, ...rest] = item.payload.items;
      const discounted = {
        ...item,
        payload: {
          ...item.payload,
          items: [{ ...first!, discountCents: 150, promotionIds: [crypto.randomUUID()] }, ...rest],
          totalCents: item.payload.totalCents - 150,
        },
      };
      expect((await pushOk([discounted])).results[0]).toMatchObject({ outcome: 'accepted' });
      const { rows } = await ctx.test.database.query<{ discount_cents: number }>(
        'select discount_cents from order_items where order_id = $1 order by line_no',
        [item.payload.orderId],
      );
      expect(rows.map((row) => row.discount_cents)).toEqual([150, 0, 0]);

      const other = placeOrderItem(ctx.fixture);
      const [line] = other.payload.items;
      const tooMuch = {
        ...other,
        payload: {
          ...other.payload,
          items: [{ ...line!, discountCents: line!.unitPriceCents + 1 }],
          totalCents: 0,
        },
      };
      expect((await pushOk([tooMuch])).results[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 'order.discount_invalid' },
      });
    });

    it("records the device's heartbeat and its clock skew, with or without items", async () => {
      const ahead = new Date(Date.now() + 120_000).toISOString();
      const heartbeat = {
        appVersion: '1.2.3',
        deviceTime: ahead,
        backlogCount: 7,
        amountAtRiskCents: 4550,
        oldestQueuedAgeMs: 90_000,
      };
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [], heartbeat }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ results: [] });
      const { rows } = await ctx.test.database.query<Record<string, unknown>>(
        `select app_version, backlog_count, amount_at_risk_cents, oldest_queued_age_ms, clock_skew_ms
         from devices where id = $1`,
        [ctx.fixture.deviceId],
      );
      expect(rows[0]).toMatchObject({
        app_version: '1.2.3',
        backlog_count: 7,
        amount_at_risk_cents: 4550,
        oldest_queued_age_ms: 90_000,
      });
      expect(Math.abs((rows[0]!['clock_skew_ms'] as number) - 120_000)).toBeLessThan(5_000);
    });

    it('records what the device holds once the push is answered: its heartbeat less the batch', async () => {
      const batch = [
        placeOrderItem(ctx.fixture, { deviceSeq: 101 }),
        placeOrderItem(ctx.fixture, { deviceSeq: 102 }),
      ];
      const batchCents = batch.reduce((sum, item) => sum + item.payload.totalCents, 0);
      const heartbeatWith = (backlogCount: number, amountAtRiskCents: number) => ({
        appVersion: '1.2.3',
        deviceTime: new Date().toISOString(),
        backlogCount,
        amountAtRiskCents,
        oldestQueuedAgeMs: 60_000,
      });
      const pushWith = async (items: PlaceOrderWorkItem[], heartbeat: object) => {
        const response = await fetch(ctx.stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.fixture.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items, heartbeat }),
        });
        expect(response.status).toBe(200);
        const { rows } = await ctx.test.database.query<Record<string, unknown>>(
          `select backlog_count, amount_at_risk_cents, oldest_queued_age_ms
           from devices where id = $1`,
          [ctx.fixture.deviceId],
        );
        return rows[0];
      };
      // Three items queued, two of them in this push: one is left.
      expect(await pushWith(batch, heartbeatWith(3, batchCents + 650))).toEqual({
        backlog_count: 1,
        amount_at_risk_cents: 650,
        oldest_queued_age_ms: 60_000,
      });
      // The whole outbox in one push, a replay of it included: nothing is left.
      expect(await pushWith(batch, heartbeatWith(2, batchCents))).toEqual({
        backlog_count: 0,
        amount_at_risk_cents: 0,
        oldest_queued_age_ms: null,
      });
    });

    it('refuses a push with neither items nor a heartbeat', async () => {
      const response = await push([]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'push.empty' });
    });
    it('keeps a stale or odd order and flags it for review, with each reason', async () => {
      // A catalog version at or past the server's cursor: not stale.
      const UP_TO_DATE = 1_000_000_000;
      const fresh = placeOrderItem(ctx.fixture, { quantities: [1, 0, 0] });
      fresh.payload.catalogVersion = UP_TO_DATE;
      const accepted = async (item: PlaceOrderWorkItem, heartbeat?: object) => {
        const response = await fetch(ctx.stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.fixture.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items: [item], ...(heartbeat ? { heartbeat } : {}) }),
        });
        const body = (await response.json()) as PushResponse;
        expect(body.results[0]!.outcome).toBe('accepted');
        const result = body.results[0]!;
        return result.outcome === 'accepted' && 'order' in result ? result.order.flags : [];
      };
      expect(await accepted(fresh)).toEqual([]);

      const lager = placeOrderItem(ctx.fixture, { quantities: [1, 0, 0] });
      lager.payload.catalogVersion = UP_TO_DATE;
      lager.payload.items[0]!.unitPriceCents += 50;
      lager.payload.totalCents += 50;
      expect(await accepted(lager)).toEqual(['price.changed']);

      const stale = placeOrderItem(ctx.fixture, { quantities: [1, 0, 0] });
      stale.payload.catalogVersion = 0;
      expect(await accepted(stale)).toEqual(['catalog.stale']);

      const unknown = placeOrderItem(ctx.fixture, { quantities: [1, 0, 0] });
      unknown.payload.catalogVersion = UP_TO_DATE;
      unknown.payload.items[0]!.productId = crypto.randomUUID();
      expect(await accepted(unknown)).toEqual(['product.unknown']);

      const future = placeOrderItem(ctx.fixture, {
        quantities: [1, 0, 0],
        placedAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      future.payload.catalogVersion = UP_TO_DATE;
      expect(await accepted(future)).toEqual(['clock.skewed']);

      const skewedDevice = placeOrderItem(ctx.fixture, { quantities: [1, 0, 0] });
      skewedDevice.payload.catalogVersion = UP_TO_DATE;
      const heartbeat = {
        appVersion: '1.0.0',
        deviceTime: new Date(Date.now() - 3_600_000).toISOString(),
        backlogCount: 1,
        amountAtRiskCents: 650,
        oldestQueuedAgeMs: 0,
      };
      expect(await accepted(skewedDevice, heartbeat)).toEqual(['clock.skewed']);
      const { rows } = await ctx.test.database.query<{ flags: string[] }>(
        'select flags from orders where id = $1',
        [lager.payload.orderId],
      );
      expect(rows[0]!.flags).toEqual(['price.changed']);
    });
  });
}
