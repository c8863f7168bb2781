import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { createServer } from '@tabline/server';
import type { FastifyInstance } from 'fastify';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { TEST_PASSWORD_COST, TEST_SERVER_DEFAULTS } from '@tabline/testkit/test-stack';
import { useTestStack } from '@tabline/testkit/use-test-stack';

/**
 * The `skipIdempotency` fault (testing only), which the simulator uses to
 * prove that its duplicate check catches a server without idempotency: a
 * batch delivered twice is stored twice, while the device is answered as
 * usual. Without the fault (the default) the same two deliveries store it
 * once. Both servers share one database, so each test pushes its own orders.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the skipIdempotency fault on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const logLines: string[] = [];
    let faulty: FastifyInstance;
    let faultyUrl = '';
    beforeAll(async () => {
      faulty = await createServer({
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        passwordCost: TEST_PASSWORD_COST,
        ...TEST_SERVER_DEFAULTS,
        logger: pino({ level: 'info' }, lineSink(logLines)),
        faults: { skipIdempotency: true },
      });
      faultyUrl = await faulty.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await faulty?.close();
    });

    let seq = 1;
    const batch = () => [1, 2, 3].map(() => placeOrderItem(ctx.fixture, { deviceSeq: seq++ }));

    const push = async (url: string, items: readonly PlaceOrderWorkItem[]) => {
      const response = await fetch(`${url}${PUSH_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
        },
        body: JSON.stringify({ items }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as PushResponse;
    };

    /** The rows stored for each item's (device_id, device_seq), as the simulator counts them. */
    const storedRows = async (items: readonly PlaceOrderWorkItem[]) => {
      const { rows } = await ctx.test.database.query<{
        id: string;
        seq: number;
        total: number;
        band: string;
        lines: number;
      }>(
        `select o.id::text as id, o.device_seq::int as seq, o.total_cents::int as total,
                o.wristband_uid as band,
                (select count(*)::int from order_items i where i.order_id = o.id) as lines
         from orders o where o.device_id = $1 and o.device_seq = any($2::bigint[])
         order by o.device_seq`,
        [ctx.fixture.deviceId, items.map((item) => item.deviceSeq)],
      );
      return rows;
    };

    /** What the device is told: each of its keys accepted under its own order id. */
    const acceptedAsSent = (items: readonly PlaceOrderWorkItem[], replayed: boolean) =>
      items.map((item) => ({
        idempotencyKey: item.idempotencyKey,
        outcome: 'accepted',
        replayed,
        order: expect.objectContaining({ orderId: item.payload.orderId }) as unknown,
      }));

    it('off (the default): a batch pushed twice is stored once, and the second push is a replay', async () => {
      const items = batch();
      expect((await push(ctx.stack.url, items)).results).toEqual(acceptedAsSent(items, false));
      expect((await push(ctx.stack.url, items)).results).toEqual(acceptedAsSent(items, true));

      const rows = await storedRows(items);
      expect(rows.map((row) => row.id)).toEqual(items.map((item) => item.payload.orderId));
    });

    it('on: a batch pushed twice stores each order twice, the second under a fresh id, and the device is answered as usual', async () => {
      const items = batch();
      expect((await push(faultyUrl, items)).results).toEqual(acceptedAsSent(items, false));
      expect((await push(faultyUrl, items)).results).toEqual(acceptedAsSent(items, false));

      const rows = await storedRows(items);
      expect(rows).toHaveLength(2 * items.length);
      for (const item of items) {
        // The device's own id first: the two pushes may share a received_at millisecond.
        const copies = rows
          .filter((row) => row.seq === item.deviceSeq)
          .sort(
            (a, b) => Number(b.id === item.payload.orderId) - Number(a.id === item.payload.orderId),
          );
        const content = {
          seq: item.deviceSeq,
          total: item.payload.totalCents,
          band: item.payload.wristbandUid,
          lines: item.payload.items.length,
        };
        expect(copies).toEqual([
          { id: item.payload.orderId, ...content },
          { id: expect.not.stringMatching(item.payload.orderId) as unknown, ...content },
        ]);
      }
    });

    it('on: the server warns at start that faults are injected', () => {
      const warnings = logLines
        .map((line) => JSON.parse(line) as { level: number; msg: string; faults?: string[] })
        .filter((entry) => entry.msg.startsWith('FAULT INJECTION ON'));
      expect(warnings).toEqual([
        expect.objectContaining({ level: 40, faults: ['skipIdempotency'] }),
      ]);
    });
  });
}

function lineSink(lines: string[]) {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
}
