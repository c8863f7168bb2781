import { ORDER_ITEMS_MAX, UUID_PATTERN } from '@tabline/domain';
import type { PlaceOrderWorkItem, PromotionRecord } from '@tabline/protocol';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import {
  CIDER,
  LAGER,
  LOCATION_ID,
  NACHOS,
  UNKNOWN_PRODUCT_ID,
  WATER,
  catalogPage,
} from './support/catalog.ts';
import { START_MS } from './support/manual-clock.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { acceptAll } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

const TWO_LAGERS_AND_NACHOS = {
  wristbandUid: 'TL0001',
  items: [
    { productId: LAGER.id, quantity: 2 },
    { productId: NACHOS.id, quantity: 1 },
  ],
};

const TEN_PERCENT_OFF: PromotionRecord = {
  id: '0190a0a0-0000-7000-8000-00000000f010',
  name: '10% off everything',
  active: true,
  priority: 1,
  stacking: 'stackable',
  validFrom: null,
  validUntil: null,
  window: null,
  tiers: null,
  target: { kind: 'all' },
  benefit: { kind: 'percent-off', basisPoints: 1000 },
  capCents: null,
};

interface OutboxRow {
  seq: number;
  idempotency_key: string;
  kind: string;
  order_id: string;
  payload: string;
  amount_cents: number;
  created_at: number;
  attempts: number;
}

const storedRows = (harness: PosHarness) => ({
  orders: harness.count('orders'),
  items: harness.count('order_items'),
  outbox: harness.count('outbox'),
});

for (const adapter of ADAPTERS) {
  describe(`placing an order on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithCatalog = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      return harness;
    };

    it('stores the order, its items and its work item together, without calling the server', async () => {
      const harness = await openWithCatalog();
      const pullsBefore = harness.transport.pulls.length;

      const placed = harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);

      expect(placed.ok).toBe(true);
      if (!placed.ok) return;
      expect(placed.value).toMatchObject({
        wristbandUid: 'TL0001',
        locationId: LOCATION_ID,
        currency: 'USD',
        totalCents: 2 * 650 + 900,
        placedAt: START_MS,
      });
      expect(placed.value.id).toMatch(new RegExp(UUID_PATTERN));
      expect(storedRows(harness)).toEqual({ orders: 1, items: 2, outbox: 1 });
      expect(harness.transport.pushes).toHaveLength(0);
      expect(harness.transport.pulls).toHaveLength(pullsBefore);
    });

    it('prices items from the local catalog, copying name and unit price into them', async () => {
      const harness = await openWithCatalog();
      const placed = harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
      expect(placed.ok && placed.value.items).toEqual([
        {
          productId: LAGER.id,
          productName: 'Lager',
          categoryId: LAGER.categoryId,
          unitPriceCents: 650,
          quantity: 2,
          discountCents: 0,
          promotionIds: [],
        },
        {
          productId: NACHOS.id,
          productName: 'Nachos',
          categoryId: NACHOS.categoryId,
          unitPriceCents: 900,
          quantity: 1,
          discountCents: 0,
          promotionIds: [],
        },
      ]);
      const lines = harness.db.all(
        'SELECT line_no, product_name, unit_price_cents, quantity FROM order_items ORDER BY line_no',
      );
      expect(lines).toEqual([
        { line_no: 1, product_name: 'Lager', unit_price_cents: 650, quantity: 2 },
        { line_no: 2, product_name: 'Nachos', unit_price_cents: 900, quantity: 1 },
      ]);
    });

    it('queues the exact work item JSON with its idempotency key, device seq and catalog version', async () => {
      const harness = await openWithCatalog();
      const placed = harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
      if (!placed.ok) throw new Error('expected the order to be placed');

      const row = harness.db.get<OutboxRow>('SELECT * FROM outbox');
      const workItem = JSON.parse(row!.payload) as PlaceOrderWorkItem;
      expect(row).toMatchObject({
        seq: 1,
        kind: 'order.place',
        order_id: placed.value.id,
        amount_cents: 2200,
        created_at: START_MS,
        attempts: 0,
      });
      expect(row!.idempotency_key).toMatch(new RegExp(UUID_PATTERN));
      expect(row!.idempotency_key).not.toBe(placed.value.id);
      expect(workItem).toEqual({
        kind: 'order.place',
        idempotencyKey: row!.idempotency_key,
        deviceSeq: 1,
        payload: {
          orderId: placed.value.id,
          wristbandUid: 'TL0001',
          locationId: LOCATION_ID,
          currency: 'USD',
          items: placed.value.items,
          totalCents: 2200,
          placedAt: '2026-07-04T18:00:00.000Z',
          catalogVersion: 7,
        },
      });
      expect(JSON.stringify(workItem)).toBe(row!.payload);
    });

    it('takes the wristband code in any form a scanner or a person gives it', async () => {
      const harness = await openWithCatalog();
      const placed = harness.engine.placeOrder({
        ...TWO_LAGERS_AND_NACHOS,
        wristbandUid: ' tl-00:01 ',
      });
      expect(placed.ok && placed.value.wristbandUid).toBe('TL0001');
    });

    it('numbers work items 1, 2, 3… and never reuses a number after items left the outbox', async () => {
      const harness = await openWithCatalog();
      harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
      harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      expect(harness.count('outbox')).toBe(0);

      harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);

      expect(harness.db.all('SELECT seq FROM outbox')).toEqual([{ seq: 3 }]);
      const payload = harness.db.get<{ payload: string }>('SELECT payload FROM outbox')!.payload;
      expect((JSON.parse(payload) as PlaceOrderWorkItem).deviceSeq).toBe(3);
    });

    it('refuses a product the catalog does not hold, storing nothing', async () => {
      const harness = await openWithCatalog();
      const placed = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [
          { productId: LAGER.id, quantity: 1 },
          { productId: UNKNOWN_PRODUCT_ID, quantity: 1 },
        ],
      });
      expect(placed).toMatchObject({ ok: false, error: { code: 'order.unknown_product' } });
      expect(storedRows(harness)).toEqual({ orders: 0, items: 0, outbox: 0 });
    });

    it('refuses a product taken off the menu since the screen was drawn', async () => {
      const harness = await openWithCatalog();
      const menuBefore = harness.engine.menu();
      await harness.pullCatalog(
        catalogPage({ categories: [], products: [{ ...CIDER, active: false }], cursor: '8' }),
      );

      const placed = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: CIDER.id, quantity: 1 }],
      });

      expect(menuBefore.categories[0]?.products.map((p) => p.name)).toContain('Cider');
      expect(placed).toMatchObject({ ok: false, error: { code: 'order.unknown_product' } });
      expect(storedRows(harness)).toEqual({ orders: 0, items: 0, outbox: 0 });
    });

    it('prices with the latest pull: a changed price applies to the next order', async () => {
      const harness = await openWithCatalog();
      await harness.pullCatalog(
        catalogPage({ categories: [], products: [{ ...LAGER, priceCents: 700 }], cursor: '9' }),
      );
      const placed = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      expect(placed.ok && placed.value.totalCents).toBe(700);
      const payload = harness.db.get<{ payload: string }>('SELECT payload FROM outbox')!.payload;
      expect((JSON.parse(payload) as PlaceOrderWorkItem).payload.catalogVersion).toBe(9);
    });

    it('prices the very next order with what a pull changed: a price, a promotion, a product off the menu', async () => {
      const harness = await openWithCatalog();
      const oneLager = { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1 }] };
      const first = harness.engine.placeOrder(oneLager);
      await harness.pullCatalog(
        catalogPage({
          categories: [],
          products: [{ ...LAGER, priceCents: 700 }],
          promotions: [TEN_PERCENT_OFF],
          cursor: '9',
        }),
      );
      const second = harness.engine.placeOrder(oneLager);
      await harness.pullCatalog(
        catalogPage({ categories: [], products: [{ ...LAGER, active: false }], cursor: '10' }),
      );
      const third = harness.engine.placeOrder(oneLager);

      expect(first.ok && first.value.totalCents).toBe(650);
      expect(second.ok && second.value.items[0]).toMatchObject({
        unitPriceCents: 700,
        discountCents: 70,
        promotionIds: [TEN_PERCENT_OFF.id],
      });
      expect(third).toMatchObject({ ok: false, error: { code: 'order.unknown_product' } });
    });

    it("applies to the very next order a pull's blocked band and the event's new offline limit", async () => {
      const harness = await openWithCatalog();
      const oneLager = (wristbandUid: string) => ({
        wristbandUid,
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      const before = [
        harness.engine.placeOrder(oneLager('TL0001')),
        harness.engine.placeOrder(oneLager('TL0002')),
      ];
      const page = catalogPage({ categories: [], products: [], cursor: '9' });
      await harness.pullCatalog({
        ...page,
        event: { ...page.event, offlineSpendingLimitCents: 1000 },
        wristbands: [{ uid: 'TL0001', status: 'blocked', tier: 'standard', tabLimitCents: null }],
      });

      const blocked = harness.engine.placeOrder(oneLager('TL0001'));
      const overLimit = harness.engine.placeOrder(oneLager('TL0002'));

      expect(before.map((placed) => placed.ok)).toEqual([true, true]);
      expect(blocked).toMatchObject({ ok: false, error: { code: 'wristband.blocked' } });
      expect(overLimit).toMatchObject({ ok: false, error: { code: 'wristband.offline_limit' } });
    });

    it('refuses to take orders before the first pull, with catalog.missing', () => {
      const harness = openPosHarness(adapter, tempDir());
      const placed = harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
      expect(placed).toMatchObject({ ok: false, error: { code: 'catalog.missing' } });
      expect(storedRows(harness)).toEqual({ orders: 0, items: 0, outbox: 0 });
    });

    it.each([
      ['wristband.invalid', { wristbandUid: 'x!', items: [{ productId: LAGER.id, quantity: 1 }] }],
      ['order.empty', { wristbandUid: 'TL0001', items: [] }],
      [
        'order.quantity_invalid',
        { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 0 }] },
      ],
      [
        'order.quantity_invalid',
        { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1.5 }] },
      ],
      [
        'order.quantity_invalid',
        { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1000 }] },
      ],
      [
        'order.too_many_items',
        {
          wristbandUid: 'TL0001',
          items: Array.from({ length: ORDER_ITEMS_MAX + 1 }, () => ({
            productId: WATER.id,
            quantity: 1,
          })),
        },
      ],
    ])('refuses bad input with %s, storing nothing', async (code, input) => {
      const harness = await openWithCatalog();
      expect(harness.engine.placeOrder(input)).toMatchObject({ ok: false, error: { code } });
      expect(storedRows(harness)).toEqual({ orders: 0, items: 0, outbox: 0 });
    });

    it('leaves nothing behind when the transaction fails half-way', async () => {
      const harness = await openWithCatalog();
      // The order and its items are written before the outbox row: fail that last insert.
      harness.db.exec(`CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON main.outbox
                       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);

      expect(() => harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS)).toThrow('injected failure');

      expect(storedRows(harness)).toEqual({ orders: 0, items: 0, outbox: 0 });
      harness.db.exec('DROP TRIGGER temp.fail_outbox');
      expect(harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS).ok).toBe(true);
    });

    it('reports a full storage as storage.failed and leaves nothing of that order behind', async () => {
      const harness = await openWithCatalog();
      const pages = harness.db.get<{ page_count: number }>('PRAGMA page_count')!.page_count;
      harness.db.exec(`PRAGMA max_page_count = ${pages}`);

      const outcomes = [];
      for (let attempt = 0; attempt < 10_000; attempt++) {
        const outcome = harness.engine.placeOrder(TWO_LAGERS_AND_NACHOS);
        outcomes.push(outcome);
        if (!outcome.ok) break;
      }
      const placedCount = outcomes.filter((outcome) => outcome.ok).length;

      expect(placedCount).toBeGreaterThan(0);
      expect(outcomes.at(-1)).toMatchObject({ ok: false, error: { code: 'storage.failed' } });
      expect(storedRows(harness)).toEqual({
        orders: placedCount,
        items: 2 * placedCount,
        outbox: placedCount,
      });
    });
  });
}
