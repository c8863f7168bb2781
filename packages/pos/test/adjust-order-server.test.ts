/**
 * Voids and refunds from a POS to the real server (PGlite, HTTP, a
 * fault-injecting proxy): approved offline with a manager's PIN set through
 * the API, delivered exactly once however the network behaves, and checked
 * again by the server with what it knows.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createSeededRandom } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER } from '@tabline/protocol';
import { setPinAndUnlock } from '@tabline/testkit/adjust-order-item';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { describe, expect, it } from 'vitest';
import { createHttpSyncTransport } from '../src/index.ts';
import type { AdjustOrderInput, PlacedOrder, PosEngine } from '../src/index.ts';
import { openNodePosEngine } from '../src/node/index.ts';
import { useStackBehindProxy } from './support/stack-behind-proxy.ts';
import { useTempDir } from './support/temp-dir.ts';

const PIN = '4821';

describe('voids and refunds against the server', () => {
  const tempDir = useTempDir();
  const server = useStackBehindProxy();

  /** An event with a manager who set a PIN, and a POS of it that pulled, through the server.proxy. */
  const setUp = async () => {
    server.proxy.setFaults({ refuse: false, latencyMs: 0, dropResponses: 0 });
    const fixture = await createEventFixture(server.test.database, { attendees: 5 });
    const staff = await createStaffFixture(server.test.database, fixture);
    const session = await signInStaff(server.stack.url, staff.manager);
    await setPinAndUnlock(server.stack.url, {
      sessionToken: session,
      deviceToken: fixture.deviceToken,
      staffUserId: staff.manager.id,
      pin: PIN,
    });
    const path = join(tempDir(), 'pos.db');
    const open = () =>
      openNodePosEngine(path, {
        transport: createHttpSyncTransport({
          baseUrl: `http://127.0.0.1:${server.proxy.port}`,
          deviceToken: fixture.deviceToken,
          timeoutMs: 5_000,
          fetch: freshConnectionFetch,
        }),
        random: createSeededRandom(7),
      });
    const engine = open();
    expect((await engine.pull()).error).toBeNull();
    return { fixture, managerId: staff.manager.id, session, engine, open };
  };

  const placeOrder = (engine: PosEngine, fixture: EventFixture, quantity: number): PlacedOrder => {
    const placed = engine.placeOrder({
      wristbandUid: fixture.attendees[0]!.wristbandUid,
      items: [{ productId: fixture.products[0]!.id, quantity }],
    });
    if (!placed.ok) throw new Error(placed.error.message);
    return placed.value;
  };

  const query = async <Row extends object>(sql: string, params: unknown[]) =>
    (await server.test.database.query<Row>(sql, params)).rows;

  it('delivers a void and a refund approved offline exactly once, through a restart and a lost answer', async () => {
    const { fixture, managerId, engine: first, open } = await setUp();
    expect(first.approvers()).toEqual([{ staffUserId: managerId, name: 'The manager' }]);
    const approver = { staffUserId: managerId, pin: PIN };
    const refunded = placeOrder(first, fixture, 2);
    const voided = placeOrder(first, fixture, 3);
    const refund = await first.adjustOrder({
      orderId: refunded.id,
      kind: 'refund',
      amountCents: 500,
      reason: 'Spilled',
      approver,
    });
    const theVoid = await first.adjustOrder({
      orderId: voided.id,
      kind: 'void',
      reason: 'Wrong band',
      approver,
    });
    if (!refund.ok || !theVoid.ok) throw new Error('the adjustments were refused');
    first.close();

    const engine = open();
    try {
      expect(engine.queue().map((item) => item.kind)).toEqual([
        'order.place',
        'order.place',
        'order.adjust',
        'order.adjust',
      ]);
      // The server commits the push, and its answer is lost on the way back.
      server.proxy.setFaults({ dropResponses: 1 });
      expect((await engine.sync()).error?.kind).toBe('network');
      const report = await engine.sync();
      expect(report).toMatchObject({ accepted: 4, rejected: 0, remaining: 0, error: null });

      const rows = await query<{
        id: string;
        order_id: string;
        kind: string;
        amount_cents: string;
      }>(
        `select id, order_id, kind, amount_cents::text, approved_by, device_id
           from order_adjustments where order_id = any($1) order by kind`,
        [[refunded.id, voided.id]],
      );
      expect(rows).toEqual([
        {
          id: refund.value.id,
          order_id: refunded.id,
          kind: 'refund',
          amount_cents: '500',
          approved_by: managerId,
          device_id: fixture.deviceId,
        },
        {
          id: theVoid.value.id,
          order_id: voided.id,
          kind: 'void',
          amount_cents: String(voided.totalCents),
          approved_by: managerId,
          device_id: fixture.deviceId,
        },
      ]);
      const recent = engine.recentOrders();
      expect(recent.find((order) => order.id === voided.id)).toMatchObject({
        voided: true,
        takenBack: { confirmedCents: voided.totalCents, queuedCents: 0 },
        adjustments: [{ status: 'confirmed', serverAmountCents: voided.totalCents }],
      });
      expect(recent.find((order) => order.id === refunded.id)).toMatchObject({
        takenBack: { confirmedCents: 500, queuedCents: 0 },
      });
      expect(engine.status()).toMatchObject({ backlogCount: 0, rejectedCount: 0 });
    } finally {
      engine.close();
    }
  });

  it('parks a refund the server finds past what is left (a refund made online the device never saw), and goes on', async () => {
    const { fixture, managerId, session, engine } = await setUp();
    try {
      const order = placeOrder(engine, fixture, 2);
      expect((await engine.sync()).error).toBeNull();
      // Online, a manager refunds most of the order; the POS does not know.
      const online = await fetch(
        `${server.stack.url}/v1/events/${fixture.eventId}/orders/${order.id}/adjustments`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${session}`,
            'content-type': 'application/json',
            [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
          },
          body: JSON.stringify({
            kind: 'refund',
            reason: 'Online',
            amountCents: order.totalCents - 100,
          }),
        },
      );
      expect(online.status).toBe(201);
      const input: AdjustOrderInput = {
        orderId: order.id,
        kind: 'refund',
        amountCents: 200,
        reason: 'At the counter',
        approver: { staffUserId: managerId, pin: PIN },
      };
      const refund = await engine.adjustOrder(input);
      expect(refund.ok).toBe(true);
      const behind = placeOrder(engine, fixture, 1);

      const report = await engine.sync();

      expect(report).toMatchObject({ accepted: 1, rejected: 1, remaining: 0, error: null });
      expect(engine.rejectedItems()).toEqual([
        expect.objectContaining({
          kind: 'order.adjust',
          orderId: order.id,
          code: 'adjustment.exceeds_order',
          adjustment: expect.objectContaining({ kind: 'refund', amountCents: 200 }) as unknown,
        }),
      ]);
      expect(engine.recentOrders().find((o) => o.id === behind.id)?.syncState).toBe('synced');
      // What is left on the server (100) can still be refunded from the counter.
      const rest = await engine.adjustOrder({ ...input, amountCents: 100 });
      expect(rest.ok).toBe(true);
      expect(await engine.sync()).toMatchObject({ accepted: 1, rejected: 0 });
      const [sum] = await query<{ adjusted: string }>(
        'select adjusted_cents::text as adjusted from orders where id = $1',
        [order.id],
      );
      expect(sum!.adjusted).toBe(String(order.totalCents));
    } finally {
      engine.close();
    }
  });
});

/** Each request on a new connection, so a connection the proxy cut does not fail the next. */
const freshConnectionFetch: typeof fetch = (input, init) =>
  fetch(input, {
    ...init,
    headers: { ...(init?.headers as Record<string, string>), connection: 'close' },
  });
