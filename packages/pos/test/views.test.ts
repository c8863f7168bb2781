import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import {
  CIDER,
  DRINKS,
  FOOD,
  LAGER,
  NACHOS,
  TOTE_BAG,
  WATER,
  catalogPage,
} from './support/catalog.ts';
import { START_MS } from './support/manual-clock.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import {
  NETWORK_DOWN,
  SERVER_TIME,
  answerEach,
  failWith,
} from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

for (const adapter of ADAPTERS) {
  describe(`read views on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithCatalog = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      return harness;
    };

    it('status counts the backlog, the money at risk and the age of the oldest item exactly', async () => {
      const harness = await openWithCatalog();
      expect(harness.engine.status()).toEqual({
        backlogCount: 0,
        amountAtRiskCents: 0,
        currency: 'USD',
        oldestQueuedAt: null,
        oldestQueuedAgeMs: null,
        lastSyncAt: null,
        lastError: null,
        rejectedCount: 0,
        syncing: false,
        pulling: false,
        journalError: null,
        unjournaledCount: 0,
        lastContactAt: START_MS,
        offlineWarning: false,
        sync: null,
        approvalsLockedUntil: null,
      });

      placeOrders(harness, 3); // 650 + 1300 + 1950, one a second from START_MS
      harness.clock.advance(60_000);

      expect(harness.engine.status()).toMatchObject({
        backlogCount: 3,
        amountAtRiskCents: 3900,
        oldestQueuedAt: START_MS,
        oldestQueuedAgeMs: 63_000,
      });
    });

    it('status counts only what is still queued once some items synced and one was refused', async () => {
      const harness = await openWithCatalog();
      const [first, second] = placeOrders(harness, 3);
      harness.transport.answerPushes(
        answerEach((item) => {
          if (item.payload.orderId === first!.id) return { flags: [] };
          if (item.payload.orderId === second!.id)
            return { code: 'order.id_conflict', message: 'Taken.' };
          return { flags: [] };
        }),
      );
      await harness.engine.sync();
      placeOrders(harness, 1);

      expect(harness.engine.status()).toMatchObject({
        backlogCount: 1,
        amountAtRiskCents: 650,
        oldestQueuedAt: START_MS + 3000,
        oldestQueuedAgeMs: 1000,
        lastSyncAt: START_MS + 3000,
        rejectedCount: 1,
      });
    });

    it('the queue lists waiting items oldest first, with wristband, amount and attempts', async () => {
      const harness = await openWithCatalog();
      const orders = placeOrders(harness, 2);
      harness.transport.answerPushes(failWith(NETWORK_DOWN));
      await harness.engine.sync();

      expect(harness.engine.queue()).toEqual([
        {
          seq: 1,
          kind: 'order.place',
          orderId: orders[0]!.id,
          wristbandUid: 'TL0001',
          amountCents: 650,
          adjustment: null,
          createdAt: START_MS,
          attempts: 1,
          lastAttemptAt: START_MS + 2000,
          lastError: 'network: fetch failed: ECONNREFUSED',
        },
        expect.objectContaining({ seq: 2, wristbandUid: 'TL0002', amountCents: 1300, attempts: 1 }),
      ]);
      expect(harness.engine.queue(1)).toHaveLength(1);
    });

    it('recent orders show the latest first, with items and where each stands with the server', async () => {
      const harness = await openWithCatalog();
      const [first, second] = placeOrders(harness, 2);
      harness.transport.answerPushes(
        answerEach((item) =>
          item.payload.orderId === first!.id
            ? { flags: ['price_changed'] }
            : { code: 'location.unknown', message: 'No.' },
        ),
      );
      await harness.engine.sync();
      const [third] = placeOrders(harness, 1);

      const recent = harness.engine.recentOrders();

      expect(recent.map((order) => [order.id, order.syncState])).toEqual([
        [third!.id, 'queued'],
        [second!.id, 'rejected'],
        [first!.id, 'synced'],
      ]);
      expect(recent[2]).toEqual({
        ...first,
        syncState: 'synced',
        serverReceivedAt: SERVER_TIME,
        serverFlags: ['price_changed'],
        rejection: null,
        adjustments: [],
        takenBack: { confirmedCents: 0, queuedCents: 0 },
        voided: false,
      });
      expect(recent[1]).toMatchObject({
        rejection: { code: 'location.unknown', message: 'No.' },
        serverFlags: [],
      });
      expect(harness.engine.recentOrders(1)).toHaveLength(1);
    });

    it('rejected items show the server reason and the work item exactly as pushed', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      const payload = harness.db.get<{ payload: string }>('SELECT payload FROM outbox')!.payload;
      harness.transport.answerPushes(
        answerEach(() => ({ code: 'order.total_mismatch', message: 'Bad sum.' })),
      );
      await harness.engine.sync();

      const [parked] = harness.engine.rejectedItems();

      expect(parked).toMatchObject({
        code: 'order.total_mismatch',
        message: 'Bad sum.',
        wristbandUid: 'TL0001',
      });
      expect(JSON.stringify(parked?.workItem)).toBe(payload);
    });

    it('the menu lists active categories in order, each with its active products and prices', async () => {
      const harness = await openWithCatalog();
      await harness.pullCatalog(
        catalogPage({
          categories: [{ ...FOOD, position: 0 }],
          products: [
            { ...CIDER, position: 0 },
            { ...WATER, active: false },
          ],
          cursor: '8',
        }),
      );

      expect(harness.engine.menu()).toEqual({
        currency: 'USD',
        categories: [
          {
            id: FOOD.id,
            name: 'Food',
            products: [{ id: NACHOS.id, name: 'Nachos', priceCents: 900 }],
          },
          {
            id: DRINKS.id,
            name: 'Drinks',
            products: [
              { id: CIDER.id, name: 'Cider', priceCents: 700 },
              { id: LAGER.id, name: 'Lager', priceCents: 650 },
            ],
          },
        ],
        uncategorized: [{ id: TOTE_BAG.id, name: 'Tote bag', priceCents: 1500 }],
      });
    });

    it('before the first pull, the menu is empty and the device has no facts', () => {
      const harness = openPosHarness(adapter, tempDir());
      expect(harness.engine.menu()).toEqual({ currency: null, categories: [], uncategorized: [] });
      expect(harness.engine.deviceInfo()).toBeNull();
    });
  });
}
