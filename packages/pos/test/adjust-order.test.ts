import { ADJUSTMENT_REASON_LENGTH_MAX, verifyApprovalProof } from '@tabline/domain';
import type { AdjustOrderWorkItem, ApproverRecord, ItemResult } from '@tabline/protocol';
import { describe, expect, it } from 'vitest';
import { decodeLine } from '../src/index.ts';
import type { AdjustOrderInput, PlacedOrder } from '../src/index.ts';
import { ADAPTERS, PLATFORM_FILES } from './support/adapters.ts';
import { LEON, MAYA, approverRecord, pinKey } from './support/approvers.ts';
import type { TestManager } from './support/approvers.ts';
import { catalogPage } from './support/catalog.ts';
import { START_MS } from './support/manual-clock.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import {
  SERVER_TIME,
  acceptAll,
  answerEach,
  failWith,
  respondWith,
} from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { readText } from './support/test-platform.ts';

const NEW_PIN_KEY_ID = '0190a0a0-0000-7000-8000-0000000000b9';

const adjustmentOf = (result: ItemResult) => {
  if (result.outcome !== 'accepted' || !('adjustment' in result))
    throw new Error('not an adjustment');
  return result.adjustment;
};

const refund = (
  order: PlacedOrder,
  amountCents: number,
  manager: TestManager = MAYA,
  pin = manager.pin,
): AdjustOrderInput => ({
  orderId: order.id,
  kind: 'refund',
  amountCents,
  reason: 'Spilled by staff',
  approver: { staffUserId: manager.staffUserId, pin },
});

const voidOf = (order: PlacedOrder, manager: TestManager = MAYA): AdjustOrderInput => ({
  orderId: order.id,
  kind: 'void',
  reason: '  Wrong band scanned  ',
  approver: { staffUserId: manager.staffUserId, pin: manager.pin },
});

/**
 * What is stored and queued: outbox, adjustments and journal records. Commit
 * records are left out: a wrong PIN is counted in a transaction of its own,
 * which the journal notes (see pin-lockout.test.ts), but queues nothing.
 */
const footprint = (harness: PosHarness) => ({
  outbox: harness.count('outbox'),
  adjustments: harness.count('adjustments'),
  journal: readText(PLATFORM_FILES, `${harness.path}.journal`)
    .split('\n')
    .filter((line) => !line.includes('{"type":"commit"')),
});

const adjustItems = (harness: PosHarness) =>
  harness.db
    .all<{ payload: string }>(`SELECT payload FROM outbox WHERE kind = 'order.adjust' ORDER BY seq`)
    .map((row) => JSON.parse(row.payload) as AdjustOrderWorkItem);

async function expectOk<T>(
  result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
) {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

for (const adapter of ADAPTERS) {
  describe(`voids and refunds on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithManagers = async (
      approvers: readonly ApproverRecord[] | null = null,
    ): Promise<PosHarness> => {
      const harness = openPosHarness(adapter, tempDir());
      const records = approvers ?? [await approverRecord(MAYA), await approverRecord(LEON)];
      await harness.pullCatalog(catalogPage({ approvers: [...records] }));
      return harness;
    };

    it('lists the managers of the last pull by name, for the one approving to pick theirs', async () => {
      const harness = await openWithManagers();
      expect(harness.engine.approvers()).toEqual([
        { staffUserId: LEON.staffUserId, name: LEON.name },
        { staffUserId: MAYA.staffUserId, name: MAYA.name },
      ]);
    });

    it('queues a refund and a void offline, each signed, with its own key and the next seq, and journals them', async () => {
      const harness = await openWithManagers();
      const [first, second] = placeOrders(harness, 2);

      const refunded = await expectOk(harness.engine.adjustOrder(refund(first!, 200)));
      const voided = await expectOk(harness.engine.adjustOrder(voidOf(second!, LEON)));

      expect(refunded).toEqual({
        id: expect.any(String) as string,
        orderId: first!.id,
        kind: 'refund',
        amountCents: 200,
        reason: 'Spilled by staff',
        approvedBy: MAYA.staffUserId,
        placedAt: START_MS + 2000,
      });
      expect(voided).toMatchObject({
        kind: 'void',
        amountCents: null,
        reason: 'Wrong band scanned',
      });
      expect(harness.engine.queue()).toEqual([
        expect.objectContaining({ seq: 1, kind: 'order.place', adjustment: null }),
        expect.objectContaining({ seq: 2, kind: 'order.place', adjustment: null }),
        expect.objectContaining({
          seq: 3,
          kind: 'order.adjust',
          orderId: first!.id,
          wristbandUid: 'TL0001',
          amountCents: 0,
          adjustment: {
            id: refunded.id,
            kind: 'refund',
            amountCents: 200,
            reason: 'Spilled by staff',
          },
        }),
        expect.objectContaining({
          seq: 4,
          kind: 'order.adjust',
          orderId: second!.id,
          adjustment: {
            id: voided.id,
            kind: 'void',
            amountCents: null,
            reason: 'Wrong band scanned',
          },
        }),
      ]);
      const [refundItem, voidItem] = adjustItems(harness);
      expect(new Set(harness.engine.queue().map((item) => item.seq)).size).toBe(4);
      expect(refundItem).toMatchObject({
        kind: 'order.adjust',
        deviceSeq: 3,
        payload: {
          kind: 'refund',
          adjustmentId: refunded.id,
          orderId: first!.id,
          amountCents: 200,
          placedAt: new Date(START_MS + 2000).toISOString(),
          approval: { staffUserId: MAYA.staffUserId, pinKeyId: MAYA.pinKeyId },
        },
      });
      expect(voidItem!.payload).not.toHaveProperty('amountCents');
      // The server checks each proof with the PIN key it kept.
      for (const [item, manager] of [
        [refundItem!, MAYA],
        [voidItem!, LEON],
      ] as const) {
        const { payload } = item;
        const fields = {
          ...payload,
          amountCents: payload.kind === 'refund' ? payload.amountCents : null,
          staffUserId: payload.approval.staffUserId,
          pinKeyId: payload.approval.pinKeyId,
        };
        expect(
          await verifyApprovalProof(await pinKey(manager), fields, payload.approval.proof),
        ).toBe(true);
      }
      const journaled = readText(PLATFORM_FILES, `${harness.path}.journal`)
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => decodeLine(new TextEncoder().encode(line)))
        .filter((record) => record?.type === 'queued');
      expect(journaled).toEqual(
        harness.db
          .all<{ seq: number; payload: string }>('SELECT seq, payload FROM outbox ORDER BY seq')
          .map((row) => expect.objectContaining(row) as unknown),
      );
    });

    it('keeps queued adjustments across a close and a reopen, and syncs each exactly once under its key', async () => {
      const harness = await openWithManagers();
      const [first, second] = placeOrders(harness, 2);
      await expectOk(harness.engine.adjustOrder(refund(first!, 200)));
      await expectOk(harness.engine.adjustOrder(voidOf(second!)));
      const stored = adjustItems(harness);

      harness.reopen();
      expect(adjustItems(harness)).toEqual(stored);
      expect(harness.report.journal).toMatchObject({ rewritten: 'no', journaledAtOpen: 0 });
      // The first push is lost (a time-out after the server may have stored it);
      // the retry sends the same bytes under the same keys.
      harness.transport.answerPushes(
        failWith({ kind: 'timeout', message: 'No answer' }),
        answerEach((item) =>
          item.kind === 'order.adjust' && item.payload.kind === 'void'
            ? { flags: [], voidAmountCents: 1300 }
            : { flags: [] },
        ),
      );
      expect((await harness.engine.sync()).error).toMatchObject({ kind: 'timeout' });
      expect(await harness.engine.sync()).toMatchObject({
        accepted: 4,
        rejected: 0,
        remaining: 0,
        error: null,
      });

      const [lost, retry] = harness.transport.pushes;
      expect(retry!.itemsJson).toEqual(lost!.itemsJson);
      expect(retry!.itemsJson.slice(2)).toEqual(stored.map((item) => JSON.stringify(item)));
      expect(harness.count('outbox')).toBe(0);
      const recent = harness.engine.recentOrders();
      expect(recent.find((order) => order.id === first!.id)).toMatchObject({
        takenBack: { confirmedCents: 200, queuedCents: 0 },
        voided: false,
        adjustments: [
          {
            kind: 'refund',
            amountCents: 200,
            status: 'confirmed',
            serverAmountCents: 200,
            serverReceivedAt: SERVER_TIME,
            rejection: null,
          },
        ],
      });
      expect(recent.find((order) => order.id === second!.id)).toMatchObject({
        takenBack: { confirmedCents: 1300, queuedCents: 0 },
        voided: true,
        adjustments: [{ kind: 'void', amountCents: null, serverAmountCents: 1300 }],
      });
      // Nothing is pushed twice once answered.
      harness.transport.answerPushes(acceptAll);
      expect(await harness.engine.sync()).toMatchObject({ pushed: 0 });
    });

    it('shows what queued voids and refunds take back, and counts them in the backlog but not in the money at risk', async () => {
      const harness = await openWithManagers();
      const [first, second] = placeOrders(harness, 2); // 650 and 1300
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      harness.clock.advance(60_000);
      await expectOk(harness.engine.adjustOrder(refund(second!, 500)));
      await expectOk(harness.engine.adjustOrder(voidOf(second!))); // takes the other 800
      const [third] = placeOrders(harness, 1);

      expect(harness.engine.recentOrders().find((o) => o.id === second!.id)).toMatchObject({
        takenBack: { confirmedCents: 0, queuedCents: 1300 },
        voided: true,
      });
      expect(harness.engine.recentOrders().find((o) => o.id === first!.id)).toMatchObject({
        takenBack: { confirmedCents: 0, queuedCents: 0 },
        voided: false,
        adjustments: [],
      });
      expect(harness.engine.status()).toMatchObject({
        backlogCount: 3,
        amountAtRiskCents: third!.totalCents,
        oldestQueuedAt: START_MS + 62_000,
      });
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      expect(harness.transport.pushes[1]!.request.heartbeat).toMatchObject({
        backlogCount: 3,
        amountAtRiskCents: third!.totalCents,
      });
    });

    it('refuses a wrong PIN, a PIN that is no PIN, or a manager not on the list with approval.pin_wrong, and queues nothing', async () => {
      const harness = await openWithManagers([await approverRecord(MAYA)]);
      const [order] = placeOrders(harness, 1);
      const before = footprint(harness);

      for (const input of [
        refund(order!, 100, MAYA, '4822'),
        refund(order!, 100, MAYA, LEON.pin),
        refund(order!, 100, MAYA, '48a1'),
        refund(order!, 100, MAYA, ''),
        refund(order!, 100, LEON),
      ]) {
        expect(await harness.engine.adjustOrder(input)).toMatchObject({
          ok: false,
          error: { code: 'approval.pin_wrong' },
        });
      }
      expect(footprint(harness)).toEqual(before);
    });

    it('lets only the managers of the last pull approve: one dropped from the list, or whose PIN changed, cannot', async () => {
      const harness = await openWithManagers();
      const [order] = placeOrders(harness, 1);
      await harness.pullCatalog(
        catalogPage({
          approvers: [await approverRecord(MAYA, { pin: '1111', pinKeyId: NEW_PIN_KEY_ID })],
        }),
      );

      expect(harness.engine.approvers()).toEqual([
        { staffUserId: MAYA.staffUserId, name: MAYA.name },
      ]);
      for (const input of [refund(order!, 100, LEON), refund(order!, 100, MAYA)]) {
        expect(await harness.engine.adjustOrder(input)).toMatchObject({
          error: { code: 'approval.pin_wrong' },
        });
      }
      const approved = await harness.engine.adjustOrder(refund(order!, 100, MAYA, '1111'));
      expect(approved.ok).toBe(true);
      expect(adjustItems(harness)[0]!.payload.approval.pinKeyId).toBe(NEW_PIN_KEY_ID);
    });

    it('refuses a refund over what is left with adjustment.exceeds_order, counting the refunds queued and confirmed', async () => {
      const harness = await openWithManagers();
      const [, order] = placeOrders(harness, 2); // 1300
      await expectOk(harness.engine.adjustOrder(refund(order!, 700)));
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync(); // the first refund confirmed
      await expectOk(harness.engine.adjustOrder(refund(order!, 400))); // queued
      const before = footprint(harness);

      const over = await harness.engine.adjustOrder(refund(order!, 201));

      expect(over).toMatchObject({
        ok: false,
        error: {
          code: 'adjustment.exceeds_order',
          message: expect.stringMatching(/\$2\.00/) as string,
        },
      });
      expect(footprint(harness)).toEqual(before);
      expect((await harness.engine.adjustOrder(refund(order!, 200))).ok).toBe(true);
      expect(await harness.engine.adjustOrder(refund(order!, 1))).toMatchObject({
        error: { code: 'adjustment.exceeds_order' },
      });
      // A void of what is left (nothing) is still a void.
      expect((await harness.engine.adjustOrder(voidOf(order!))).ok).toBe(true);
    });

    it('refuses a refund or a second void of a voided order with adjustment.order_voided', async () => {
      const harness = await openWithManagers();
      const [order] = placeOrders(harness, 1);
      await expectOk(harness.engine.adjustOrder(voidOf(order!)));
      const before = footprint(harness);

      for (const input of [refund(order!, 1), voidOf(order!)]) {
        expect(await harness.engine.adjustOrder(input)).toMatchObject({
          ok: false,
          error: { code: 'adjustment.order_voided' },
        });
      }
      expect(footprint(harness)).toEqual(before);
    });

    it('refuses an order not placed here, or one the server refused, with adjustment.order_unknown', async () => {
      const harness = await openWithManagers();
      const [refused] = placeOrders(harness, 1);
      harness.transport.answerPushes(
        answerEach(() => ({ code: 'location.unknown', message: 'No such location.' })),
      );
      await harness.engine.sync();
      const before = footprint(harness);

      for (const orderId of [refused!.id, '0190a0a0-0000-7000-8000-00000000dead']) {
        expect(
          await harness.engine.adjustOrder({ ...refund(refused!, 100), orderId }),
        ).toMatchObject({ ok: false, error: { code: 'adjustment.order_unknown' } });
      }
      expect(footprint(harness)).toEqual(before);
    });

    it('refuses malformed requests with adjustment.invalid, before asking for the PIN', async () => {
      const harness = await openWithManagers();
      const [order] = placeOrders(harness, 1); // 650
      const before = footprint(harness);
      const wrongPin = { staffUserId: MAYA.staffUserId, pin: '0000' };
      const inputs: AdjustOrderInput[] = [
        { ...refund(order!, 100), reason: '' },
        { ...refund(order!, 100), reason: ' \n\t ' },
        { ...refund(order!, 100), reason: 'x'.repeat(ADJUSTMENT_REASON_LENGTH_MAX + 1) },
        { ...refund(order!, 100), reason: '🍺'.repeat(ADJUSTMENT_REASON_LENGTH_MAX + 1) },
        { ...refund(order!, 100), reason: 'nul \u0000 inside' },
        { ...refund(order!, 100), reason: 'lone \ud800 surrogate' },
        refund(order!, 0),
        refund(order!, -5),
        refund(order!, 1.5),
        refund(order!, Number.NaN),
        refund(order!, 651),
        { orderId: order!.id, kind: 'refund', reason: 'No amount', approver: wrongPin },
        { ...voidOf(order!), amountCents: 650 },
        { ...voidOf(order!), kind: 'cancel' as 'void' },
      ];

      for (const input of inputs) {
        expect(
          await harness.engine.adjustOrder({ ...input, approver: wrongPin }),
          JSON.stringify(input),
        ).toMatchObject({ ok: false, error: { code: 'adjustment.invalid' } });
      }
      expect(footprint(harness)).toEqual(before);
      // A reason of exactly the limit, counted in characters, is fine.
      const longest = { ...refund(order!, 100), reason: '🍺'.repeat(ADJUSTMENT_REASON_LENGTH_MAX) };
      expect((await harness.engine.adjustOrder(longest)).ok).toBe(true);
    });

    it('checks the order again when storing: two refunds approved at once cannot take back more than the order', async () => {
      const harness = await openWithManagers();
      const [, order] = placeOrders(harness, 2); // 1300

      const [one, other] = await Promise.all([
        harness.engine.adjustOrder(refund(order!, 800)),
        harness.engine.adjustOrder(refund(order!, 800, LEON)),
      ]);
      const [voidOne, voidOther] = await Promise.all([
        harness.engine.adjustOrder(voidOf(order!)),
        harness.engine.adjustOrder(voidOf(order!, LEON)),
      ]);

      expect([one.ok, other.ok].sort()).toEqual([false, true]);
      expect([one, other].find((result) => !result.ok)).toMatchObject({
        error: { code: 'adjustment.exceeds_order' },
      });
      expect([voidOne.ok, voidOther.ok].sort()).toEqual([false, true]);
      expect([voidOne, voidOther].find((result) => !result.ok)).toMatchObject({
        error: { code: 'adjustment.order_voided' },
      });
      expect(harness.count('adjustments')).toBe(2);
    });

    it('parks an adjustment the server refuses with its reason; the items behind it sync, and it takes nothing back', async () => {
      const harness = await openWithManagers();
      const [first] = placeOrders(harness, 1);
      const refused = await expectOk(harness.engine.adjustOrder(refund(first!, 300)));
      const behind = placeOrders(harness, 3);
      const voided = await expectOk(harness.engine.adjustOrder(voidOf(behind[0]!)));
      harness.transport.answerPushes(
        answerEach((item) =>
          item.kind === 'order.adjust' && item.payload.adjustmentId === refused.id
            ? { code: 'approval.invalid', message: "The manager's approval does not check out." }
            : { flags: [], voidAmountCents: behind[0]!.totalCents },
        ),
      );

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ accepted: 5, rejected: 1, remaining: 0, error: null });
      expect(harness.engine.status()).toMatchObject({ backlogCount: 0, rejectedCount: 1 });
      expect(harness.engine.rejectedItems()).toEqual([
        expect.objectContaining({
          seq: 2,
          kind: 'order.adjust',
          orderId: first!.id,
          wristbandUid: 'TL0001',
          amountCents: 0,
          adjustment: {
            id: refused.id,
            kind: 'refund',
            amountCents: 300,
            reason: 'Spilled by staff',
          },
          code: 'approval.invalid',
          message: "The manager's approval does not check out.",
          workItem: expect.objectContaining({ kind: 'order.adjust', deviceSeq: 2 }) as unknown,
        }),
      ]);
      const recent = harness.engine.recentOrders();
      expect(recent.find((order) => order.id === first!.id)).toMatchObject({
        syncState: 'synced',
        takenBack: { confirmedCents: 0, queuedCents: 0 },
        voided: false,
        adjustments: [
          {
            id: refused.id,
            status: 'rejected',
            rejection: {
              code: 'approval.invalid',
              message: "The manager's approval does not check out.",
            },
          },
        ],
      });
      expect(recent.find((order) => order.id === behind[0]!.id)).toMatchObject({
        voided: true,
        adjustments: [{ id: voided.id, status: 'confirmed' }],
      });
      // What was refused took nothing back: the whole order can still be refunded.
      expect((await harness.engine.adjustOrder(refund(first!, 650))).ok).toBe(true);
      // And the store passes every check at the next open.
      harness.reopen();
    });

    it(`parks a refused refund at the head of the queue without holding up the 1,000 orders behind it`, async () => {
      const harness = await openWithManagers();
      const [order] = placeOrders(harness, 1);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const poison = await expectOk(harness.engine.adjustOrder(refund(order!, 100)));
      const behind = Array.from({ length: 1000 }, (_, i) => {
        const placed = harness.engine.placeOrder({
          wristbandUid: `TL${String((i % 40) + 1).padStart(4, '0')}`,
          items: [{ productId: order!.items[0]!.productId, quantity: 1 }],
        });
        if (!placed.ok) throw new Error(placed.error.message);
        return placed.value.id;
      });
      const refuseThePoison = answerEach((item) =>
        item.kind === 'order.adjust' && item.payload.adjustmentId === poison.id
          ? { code: 'approval.not_manager', message: 'Not a manager any more.' }
          : { flags: [] },
      );
      harness.transport.answerPushes(...Array.from({ length: 11 }, () => refuseThePoison));

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ accepted: 1000, rejected: 1, remaining: 0, error: null });
      const pushed = harness.transport.pushes
        .slice(1)
        .flatMap((push) => push.request.items.map((item) => item.payload.orderId));
      expect(pushed).toEqual([order!.id, ...behind]);
      expect(harness.engine.rejectedItems()).toEqual([
        expect.objectContaining({
          code: 'approval.not_manager',
          adjustment: expect.anything() as unknown,
        }),
      ]);
    });

    const answersNotAboutTheRefund: [
      string,
      (result: ItemResult & { outcome: 'accepted' }) => unknown,
    ][] = [
      [
        'accepts it as an order',
        (result) => ({
          idempotencyKey: result.idempotencyKey,
          outcome: 'accepted',
          replayed: false,
          order: { orderId: adjustmentOf(result).orderId, receivedAt: SERVER_TIME, flags: [] },
        }),
      ],
      [
        'accepts another adjustment',
        (result) => ({
          ...result,
          adjustment: { ...adjustmentOf(result), adjustmentId: adjustmentOf(result).orderId },
        }),
      ],
      [
        'takes back another amount',
        (result) => ({ ...result, adjustment: { ...adjustmentOf(result), amountCents: 299 } }),
      ],
      [
        'calls it a void',
        (result) => ({ ...result, adjustment: { ...adjustmentOf(result), kind: 'void' } }),
      ],
    ];

    it.each(answersNotAboutTheRefund)(
      'keeps a refund queued when the answer %s',
      async (_case, change) => {
        const harness = await openWithManagers();
        const [order] = placeOrders(harness, 1);
        harness.transport.answerPushes(acceptAll);
        await harness.engine.sync();
        await expectOk(harness.engine.adjustOrder(refund(order!, 300)));
        harness.transport.answerPushes(async (request) => {
          const answer = await acceptAll(request);
          if (!answer.ok) return answer;
          const results = answer.value.results.map((result) =>
            result.outcome === 'accepted' ? change(result) : result,
          );
          return respondWith({ ...answer.value, results })(request);
        });

        const report = await harness.engine.sync();

        expect(report).toMatchObject({
          accepted: 0,
          remaining: 1,
          error: { kind: 'invalid-response' },
        });
        expect(harness.engine.queue()).toEqual([
          expect.objectContaining({ kind: 'order.adjust', attempts: 1 }),
        ]);
        expect(harness.engine.recentOrders()[0]!.adjustments).toEqual([
          expect.objectContaining({ status: 'queued' }),
        ]);
      },
    );

    it('tells listeners an adjustment was placed', async () => {
      const harness = await openWithManagers();
      const [order] = placeOrders(harness, 1);
      const events: unknown[] = [];
      harness.engine.subscribe((event) => events.push(event));

      const placed = await expectOk(harness.engine.adjustOrder(voidOf(order!)));
      await harness.engine.adjustOrder(voidOf(order!)); // refused: no event

      expect(events).toEqual([{ type: 'adjustment-placed', adjustment: placed }]);
    });
  });
}
