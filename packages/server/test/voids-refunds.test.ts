import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, derivePinKey, systemClock } from '@tabline/domain';
import { IDEMPOTENT_REPLAYED_HEADER, PUSH_PATH } from '@tabline/protocol';
import type { ItemResult, PushResponse, WorkItem } from '@tabline/protocol';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { adjustOrderItem, setPinAndUnlock } from '@tabline/testkit/adjust-order-item';
import type { PinApprover } from '@tabline/testkit/adjust-order-item';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { StaffFixture } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi } from './support/admin-api.ts';

/** Lager, cider and water, one each: 650 + 700 + 250. */
const ORDER_TOTAL = 1600;

for (const kind of testDatabaseKinds()) {
  describe(`voids and refunds on ${kind}`, () => {
    // No workers: the test runs the order processor itself, step by step.
    const ctx = useTestStack(kind, { workers: false });
    const api = adminApi(() => ctx.stack.url);
    let deps: ProcessOrderDependencies;
    let staff: StaffFixture;
    const sessions = { manager: '', cashier: '' };
    let manager: PinApprover;

    beforeAll(async () => {
      deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
      staff = await createStaffFixture(ctx.test.database, ctx.fixture);
      sessions.manager = await signInStaff(ctx.stack.url, staff.manager);
      sessions.cashier = await signInStaff(ctx.stack.url, staff.cashier);
      manager = await setPinAndUnlock(ctx.stack.url, {
        sessionToken: sessions.manager,
        deviceToken: ctx.fixture.deviceToken,
        staffUserId: staff.manager.id,
        pin: '4821',
      });
    });

    const push = (items: WorkItem[]) => pushAs(ctx.fixture.deviceToken, items);
    const pushAs = async (deviceToken: string, items: WorkItem[]): Promise<ItemResult[]> => {
      const response = await fetch(ctx.stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as PushResponse).results;
    };
    const placeOrder = async (wristband = 0) => {
      const item = placeOrderItem(ctx.fixture, {
        wristbandUid: ctx.fixture.attendees[wristband]!.wristbandUid,
      });
      const [result] = await push([item]);
      expect(result!.outcome).toBe('accepted');
      return item.payload.orderId;
    };
    const codeOf = (result: ItemResult | undefined) =>
      result?.outcome === 'rejected' ? result.error.code : result?.outcome;
    const amountOf = (result: ItemResult | undefined) =>
      result?.outcome === 'accepted' && 'adjustment' in result
        ? result.adjustment.amountCents
        : null;
    const query = async <Row extends object>(sql: string, params: unknown[]) =>
      (await ctx.test.database.query<Row>(sql, params)).rows;
    /** The order's tab: its balance and the sum and kinds of its ledger entries. */
    const tabOfOrder = async (orderId: string) => {
      const [tab] = await query<{ balance: number; ledger: number; kinds: string[] }>(
        `select t.balance_cents as balance,
                (select sum(amount_cents)::int8 from ledger_entries l where l.tab_id = t.id) as ledger,
                (select array_agg(kind order by kind) from ledger_entries l where l.order_id = $1) as kinds
         from orders o join tabs t on t.id = o.tab_id where o.id = $1`,
        [orderId],
      );
      return tab!;
    };

    it("gives devices a manager's PIN verifier, never the key, and only for managers", async () => {
      const pulled = manager.record;
      const [stored] = await query<{ verifier: string; pinKey: string }>(
        `select encode(verifier, 'hex') as verifier, encode(pin_key, 'hex') as "pinKey"
         from staff_pin_keys where id = $1`,
        [pulled.pinKeyId],
      );
      expect(pulled.verifierHex).toBe(stored!.verifier);
      expect(JSON.stringify(pulled)).not.toContain(stored!.pinKey);
      expect(Buffer.from(manager.key).toString('hex')).toBe(stored!.pinKey);

      const cashierPin = await api('PUT', '/v1/staff/me/pin', {
        token: sessions.cashier,
        body: { pin: '1111' },
      });
      expect(cashierPin.status).toBe(204);
      await expect(
        setPinAndUnlock(ctx.stack.url, {
          sessionToken: sessions.cashier,
          deviceToken: ctx.fixture.deviceToken,
          staffUserId: staff.cashier.id,
          pin: '1111',
        }),
      ).rejects.toThrow(/not an approver/);
      const badPin = await api('PUT', '/v1/staff/me/pin', {
        token: sessions.manager,
        body: { pin: '12a4' },
      });
      expect([badPin.status, badPin.body.code]).toEqual([400, 'request.invalid']);
    });

    it('reverses a void queued on a device on the tab exactly once', async () => {
      const orderId = await placeOrder(1);
      expect(await processOrder(deps, orderId)).toBe('charged');
      expect((await tabOfOrder(orderId)).balance).toBe(ORDER_TOTAL);

      const voidItem = await adjustOrderItem(manager, { orderId, deviceSeq: 2 });
      const [first] = await push([voidItem]);
      expect([codeOf(first), amountOf(first), first!.replayed]).toEqual([
        'accepted',
        ORDER_TOTAL,
        false,
      ]);
      const [again] = await push([voidItem]);
      expect(again).toEqual({ ...first, replayed: true });

      expect(await processOrder(deps, orderId)).toBe('adjusted');
      expect(await processOrder(deps, orderId)).toBe('already-processed');
      expect(await tabOfOrder(orderId)).toEqual({
        balance: 0,
        ledger: 0,
        kinds: ['order', 'void'],
      });
      const order = await api<{ adjustedCents: number; voided: boolean; adjustments: unknown[] }>(
        'GET',
        `/v1/events/${ctx.fixture.eventId}/orders/${orderId}`,
        { token: sessions.manager },
      );
      expect(order.body).toMatchObject({ adjustedCents: ORDER_TOTAL, voided: true });
      expect(order.body.adjustments).toHaveLength(1);
    });

    it('never takes back more than the order: refunds up to what is left, then a void of the rest', async () => {
      const orderId = await placeOrder(2);
      const results = await push([
        await adjustOrderItem(manager, { orderId, amountCents: 250, deviceSeq: 2 }),
        await adjustOrderItem(manager, { orderId, amountCents: ORDER_TOTAL, deviceSeq: 3 }),
        await adjustOrderItem(manager, { orderId, deviceSeq: 4 }),
        await adjustOrderItem(manager, { orderId, amountCents: 1, deviceSeq: 5 }),
      ]);
      expect(results.map(codeOf)).toEqual([
        'accepted',
        'adjustment.exceeds_order',
        'accepted',
        'adjustment.order_voided',
      ]);
      expect(amountOf(results[2])).toBe(ORDER_TOTAL - 250);

      // Adjustments that came before the order was processed are reversed with it.
      expect(await processOrder(deps, orderId)).toBe('charged');
      expect(await tabOfOrder(orderId)).toEqual({
        balance: 0,
        ledger: 0,
        kinds: ['order', 'refund', 'void'],
      });
    });

    it('takes an order and its void in one push, order first', async () => {
      const order = placeOrderItem(ctx.fixture, { deviceSeq: 1 });
      const orderId = order.payload.orderId;
      const results = await push([
        order,
        await adjustOrderItem(manager, { orderId, deviceSeq: 2 }),
      ]);
      expect(results.map(codeOf)).toEqual(['accepted', 'accepted']);
      expect(await processOrder(deps, orderId)).toBe('charged');
      expect((await tabOfOrder(orderId)).balance).toBe(0);
    });

    it('refuses approvals that do not check out, and orders that are not there, as stored outcomes', async () => {
      const orderId = await placeOrder();
      const tampered = await adjustOrderItem(manager, { orderId, amountCents: 100 });
      if (tampered.payload.kind === 'refund') tampered.payload.amountCents = 1000;
      const unknownKey = await adjustOrderItem(
        { ...manager, record: { ...manager.record, pinKeyId: randomUUID() } },
        { orderId },
      );
      const never = await adjustOrderItem(manager, { orderId: randomUUID() });
      const otherEvent = await createEventFixture(ctx.test.database);
      const theirs = placeOrderItem(otherEvent);
      expect(codeOf((await pushAs(otherEvent.deviceToken, [theirs]))[0])).toBe('accepted');
      const notOurs = await adjustOrderItem(manager, { orderId: theirs.payload.orderId });

      // A cashier's own PIN key signs correctly but gives no authority.
      const [cashierKey] = await query<{ id: string; salt: string; iterations: number }>(
        `select k.id, encode(k.salt, 'hex') as salt, k.iterations from staff_pin_keys k
         where k.user_id = $1 and k.retired_at is null`,
        [staff.cashier.id],
      );
      const cashier = {
        record: { ...manager.record, staffUserId: staff.cashier.id, pinKeyId: cashierKey!.id },
        key: await derivePinKey('1111', cashierKey!.salt, cashierKey!.iterations),
      };
      const byCashier = await adjustOrderItem(cashier, { orderId });
      const results = await push([tampered, unknownKey, never, notOurs, byCashier]);
      expect(results.map(codeOf)).toEqual([
        'approval.invalid',
        'approval.invalid',
        'adjustment.order_unknown',
        'adjustment.order_unknown',
        'approval.not_manager',
      ]);
      expect((await push([tampered]))[0]).toMatchObject({ outcome: 'rejected', replayed: true });
      const [stored] = await query<{ count: number }>(
        'select count(*)::int8 as count from order_adjustments where order_id = any($1::uuid[])',
        [[orderId, theirs.payload.orderId]],
      );
      expect(stored!.count).toBe(0);
    });

    it('honours approvals made before a PIN change, not after', async () => {
      const orderId = await placeOrder();
      const before = new Date(Date.now() - 60_000).toISOString();
      const oldPin = manager;
      const renewed = await setPinAndUnlock(ctx.stack.url, {
        sessionToken: sessions.manager,
        deviceToken: ctx.fixture.deviceToken,
        staffUserId: staff.manager.id,
        pin: '7390',
      });
      manager = renewed;
      const after = new Date(Date.now() + 60_000).toISOString();
      const results = await push([
        await adjustOrderItem(oldPin, { orderId, amountCents: 100, placedAt: before }),
        await adjustOrderItem(oldPin, { orderId, amountCents: 100, placedAt: after }),
        await adjustOrderItem(renewed, { orderId, amountCents: 100, placedAt: after }),
      ]);
      expect(results.map(codeOf)).toEqual(['accepted', 'approval.invalid', 'accepted']);
    });

    it('lets managers void and refund online, idempotently, and never cashiers', async () => {
      const orderId = await placeOrder();
      const path = `/v1/events/${ctx.fixture.eventId}/orders/${orderId}/adjustments`;
      const call = (token: string, body: unknown, key: string | null = randomUUID()) =>
        fetch(ctx.stack.url + path, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(key === null ? {} : { 'idempotency-key': key }),
          },
          body: JSON.stringify(body),
        });
      const refund = { kind: 'refund', reason: 'spilled', amountCents: 300 };
      expect((await call(sessions.cashier, refund)).status).toBe(403);
      const noKey = await call(sessions.manager, refund, null);
      expect([noKey.status, ((await noKey.json()) as { code: string }).code]).toEqual([
        400,
        'idempotency.key_missing',
      ]);

      const key = randomUUID();
      const first = await call(sessions.manager, refund, key);
      const retry = await call(sessions.manager, refund, key);
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.headers.get(IDEMPOTENT_REPLAYED_HEADER)).toBe('true');
      const made = (await first.json()) as { id: string; amountCents: number; approvedBy: string };
      expect(await retry.json()).toEqual(made);
      expect(made).toMatchObject({ amountCents: 300, approvedBy: staff.manager.id });
      expect((await call(sessions.manager, { ...refund, amountCents: 301 }, key)).status).toBe(422);

      const tooMuch = await call(sessions.manager, { ...refund, amountCents: ORDER_TOTAL });
      expect([tooMuch.status, ((await tooMuch.json()) as { code: string }).code]).toEqual([
        409,
        'adjustment.exceeds_order',
      ]);
    });

    it('decides concurrent refunds of one order one at a time, never past its total', async () => {
      const orderId = await placeOrder();
      const path = `/v1/events/${ctx.fixture.eventId}/orders/${orderId}/adjustments`;
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const response = await fetch(ctx.stack.url + path, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${sessions.manager}`,
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify({ kind: 'refund', reason: 'round', amountCents: 100 }),
          });
          return response.status;
        }),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(ORDER_TOTAL / 100);
      expect(statuses.filter((status) => status === 409)).toHaveLength(20 - ORDER_TOTAL / 100);
      const [order] = await query<{ adjusted: number }>(
        'select adjusted_cents as adjusted from orders where id = $1',
        [orderId],
      );
      expect(order!.adjusted).toBe(ORDER_TOTAL);
    });
  });
}
