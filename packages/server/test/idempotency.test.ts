import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENT_REPLAYED_HEADER, ORDERS_PATH, PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

/**
 * Idempotency conformance (IETF httpapi Idempotency-Key draft, as Stripe
 * does it) for POST /v1/orders, and the same rules per item for pushes.
 */
for (const kind of testDatabaseKinds()) {
  describe(`idempotency on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });

    const postOrder = async (
      item: PlaceOrderWorkItem,
      key: string | null = item.idempotencyKey,
    ) => {
      const { idempotencyKey: _, ...body } = item;
      const response = await fetch(`${ctx.stack.url}${ORDERS_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          ...(key === null ? {} : { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        replayed: response.headers.get(IDEMPOTENT_REPLAYED_HEADER),
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Record<string, unknown>,
      };
    };

    const countOrders = async (orderId: string) => {
      const { rows } = await ctx.test.database.query<{ n: number }>(
        'select count(*)::int as n from orders where id = $1',
        [orderId],
      );
      return rows[0]!.n;
    };
    const countJobs = async (orderId: string) => {
      const { rows } = await ctx.test.database.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where data->'orderIds' ? $1`,
        [orderId],
      );
      return rows[0]!.n;
    };

    let seq = 1000;
    const item = (options: Parameters<typeof placeOrderItem>[1] = {}) =>
      placeOrderItem(ctx.fixture, { deviceSeq: seq++, ...options });

    it('refuses a request without a key (400) and stores nothing', async () => {
      const order = item();
      const answer = await postOrder(order, null);
      expect(answer.status).toBe(400);
      expect(answer.body['code']).toBe('idempotency.key_missing');
      expect(await countOrders(order.payload.orderId)).toBe(0);
    });

    it('refuses a malformed key (400) and stores nothing', async () => {
      const order = item();
      const answer = await postOrder(order, 'not a uuid');
      expect(answer.status).toBe(400);
      expect(answer.body['code']).toBe('request.invalid');
      expect(await countOrders(order.payload.orderId)).toBe(0);
    });

    it('stores the first request and replays its answer to a retry, marked as a replay', async () => {
      const order = item();
      const first = await postOrder(order);
      expect(first.status).toBe(201);
      expect(first.replayed).toBe('false');
      expect(first.body['orderId']).toBe(order.payload.orderId);
      const retry = await postOrder(order);
      expect(retry.status).toBe(201);
      expect(retry.replayed).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await countOrders(order.payload.orderId)).toBe(1);
      expect(await countJobs(order.payload.orderId)).toBe(1);
    });

    it('answers the same key with another payload 422, and the first outcome stands', async () => {
      const order = item();
      expect((await postOrder(order)).status).toBe(201);
      const changed = { ...order, payload: { ...order.payload, wristbandUid: 'CHANGED1' } };
      const answer = await postOrder(changed);
      expect(answer.status).toBe(422);
      expect(answer.body['code']).toBe('idempotency.key_reused');
      const { rows } = await ctx.test.database.query<{ uid: string }>(
        'select wristband_uid as uid from orders where id = $1',
        [order.payload.orderId],
      );
      expect(rows).toEqual([{ uid: order.payload.wristbandUid }]);
    });

    it('stores a business rejection as the outcome, and replays it', async () => {
      const order = item();
      const wrong = {
        ...order,
        payload: { ...order.payload, totalCents: order.payload.totalCents + 1 },
      };
      const first = await postOrder(wrong);
      expect(first.status).toBe(422);
      expect(first.body['code']).toBe('order.total_mismatch');
      expect(first.replayed).toBe('false');
      const retry = await postOrder(wrong);
      expect(retry.status).toBe(422);
      expect(retry.body['code']).toBe('order.total_mismatch');
      expect(retry.replayed).toBe('true');
      expect(await countOrders(order.payload.orderId)).toBe(0);
    });

    it('answers 50 concurrent requests with one key with exactly one effect', async () => {
      const order = item();
      const answers = await Promise.all(Array.from({ length: 50 }, () => postOrder(order)));
      const statuses = answers.map((answer) => answer.status);
      // Each is the stored answer, or "still in flight, retry" (never a second order).
      expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
      expect(answers.filter((answer) => answer.replayed === 'false')).toHaveLength(1);
      for (const answer of answers.filter((a) => a.status === 201)) {
        expect(answer.body['orderId']).toBe(order.payload.orderId);
      }
      for (const answer of answers.filter((a) => a.status === 409)) {
        expect(answer.body['code']).toBe('idempotency.in_flight');
        expect(answer.retryAfter).toBe('1');
      }
      expect(await countOrders(order.payload.orderId)).toBe(1);
      expect(await countJobs(order.payload.orderId)).toBe(1);
    });

    it('shares keys between POST /v1/orders and pushes of the same device', async () => {
      const order = item();
      expect((await postOrder(order)).status).toBe(201);
      const response = await fetch(`${ctx.stack.url}${PUSH_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
        },
        body: JSON.stringify({ items: [order] }),
      });
      const pushed = (await response.json()) as PushResponse;
      expect(pushed.results[0]).toMatchObject({ outcome: 'accepted', replayed: true });
      expect(await countOrders(order.payload.orderId)).toBe(1);
    });

    if (kind === 'postgres') {
      it('answers a key another request is still storing 409 with Retry-After, then the stored result', async () => {
        const order = item();
        // Hold the key's lock from another connection, as a request mid-transaction would.
        const client = new pg.Client({ connectionString: ctx.test.url! });
        await client.connect();
        try {
          await client.query('begin');
          await client.query(
            `select pg_advisory_xact_lock(hashtextextended('idempotency:' || $1 || ':' || $2, 0))`,
            [ctx.fixture.deviceId, order.idempotencyKey],
          );
          const busy = await postOrder(order);
          expect(busy.status).toBe(409);
          expect(busy.body['code']).toBe('idempotency.in_flight');
          expect(busy.retryAfter).toBe('1');
          expect(await countOrders(order.payload.orderId)).toBe(0);
          await client.query('rollback');
        } finally {
          await client.end();
        }
        const after = await postOrder(order);
        expect(after.status).toBe(201);
        expect(after.replayed).toBe('false');
      });
    }

    it('keeps keys per device: another key for the same order is the same sale', async () => {
      const order = item();
      expect((await postOrder(order)).status).toBe(201);
      const again = await postOrder({ ...order, idempotencyKey: randomUUID() });
      expect(again.status).toBe(201);
      expect(again.body['orderId']).toBe(order.payload.orderId);
      expect(await countOrders(order.payload.orderId)).toBe(1);
    });
  });
}
