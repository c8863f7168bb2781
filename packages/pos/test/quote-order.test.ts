import { describe, expect, it } from 'vitest';
import type { PromotionRecord, WristbandRecord } from '@tabline/protocol';
import { ADAPTERS } from './support/adapters.ts';
import { DRINKS, LAGER, NACHOS, UNKNOWN_PRODUCT_ID, catalogPage } from './support/catalog.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { useTempDir } from './support/temp-dir.ts';

/** The manual clock starts at 14:00 in New York, the test event's time zone: inside the window. */
const happyHour: PromotionRecord = {
  id: '0190a0a0-0000-7000-8000-00000000f001',
  name: 'Happy hour: 20% off drinks',
  active: true,
  priority: 10,
  stacking: 'stackable',
  validFrom: null,
  validUntil: null,
  window: { startMinute: 14 * 60, endMinute: 16 * 60, daysOfWeek: null },
  tiers: null,
  target: { kind: 'categories', categoryIds: [DRINKS.id] },
  benefit: { kind: 'percent-off', basisPoints: 2000 },
  capCents: null,
};

const vipOnly: PromotionRecord = {
  ...happyHour,
  id: '0190a0a0-0000-7000-8000-00000000f002',
  name: 'VIP 10% off',
  window: null,
  tiers: ['vip'],
  target: { kind: 'all' },
  benefit: { kind: 'percent-off', basisPoints: 1000 },
};

const band = (uid: string, change: Partial<WristbandRecord> = {}): WristbandRecord => ({
  uid,
  status: 'active',
  tier: 'standard',
  tabLimitCents: null,
  ...change,
});

const lagerAndNachos = [
  { productId: LAGER.id, quantity: 2 },
  { productId: NACHOS.id, quantity: 1 },
];

for (const adapter of ADAPTERS) {
  describe(`quoting an order on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithCatalog = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog(
        catalogPage({
          promotions: [happyHour, vipOnly],
          wristbands: [band('VIP0001', { tier: 'vip' }), band('LOST0001', { status: 'blocked' })],
        }),
      );
      return harness;
    };

    it('prices the lines as placeOrder then does, and stores nothing', async () => {
      const harness = await openWithCatalog();
      const quote = harness.engine.quoteOrder({ wristbandUid: 'TL0001', items: lagerAndNachos });
      expect(quote.ok).toBe(true);
      if (!quote.ok) return;
      // 2 × 6.50 lager at 20% off (2.60 off) and 9.00 nachos.
      expect(quote.value).toMatchObject({
        subtotalCents: 2200,
        discountCents: 260,
        totalCents: 1940,
        currency: 'USD',
        wristband: { uid: 'TL0001', standing: 'unknown' },
        promotionNames: [happyHour.name],
      });
      expect(harness.count('orders')).toBe(0);
      const placed = harness.engine.placeOrder({ wristbandUid: 'TL0001', items: lagerAndNachos });
      expect(placed.ok && placed.value.items).toEqual(quote.value.items);
    });

    it("uses the band's tier, and says when a band is blocked, malformed or missing", async () => {
      const harness = await openWithCatalog();
      const vip = harness.engine.quoteOrder({ wristbandUid: 'vip0001', items: lagerAndNachos });
      expect(vip.ok && vip.value.wristband).toEqual({
        uid: 'VIP0001',
        standing: 'active',
        tier: 'vip',
      });
      expect(vip.ok && vip.value.promotionNames).toEqual([happyHour.name, vipOnly.name]);
      const quoteFor = (wristbandUid: string) => {
        const quote = harness.engine.quoteOrder({ wristbandUid, items: lagerAndNachos });
        return quote.ok ? quote.value.wristband : quote.error.code;
      };
      expect(quoteFor('LOST0001')).toMatchObject({ standing: 'blocked' });
      expect(quoteFor('not a band!')).toEqual({ uid: null, standing: 'malformed' });
      expect(quoteFor('  ')).toEqual({ uid: null, standing: 'none' });
    });

    it('refuses a POS with no menu yet', () => {
      const harness = openPosHarness(adapter, tempDir());
      expect(harness.engine.quoteOrder({ wristbandUid: '', items: lagerAndNachos })).toMatchObject({
        ok: false,
        error: { code: 'catalog.missing' },
      });
    });

    it('refuses lines placeOrder would refuse', async () => {
      const harness = await openWithCatalog();
      const unknown = harness.engine.quoteOrder({
        wristbandUid: '',
        items: [{ productId: UNKNOWN_PRODUCT_ID, quantity: 1 }],
      });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'order.unknown_product' } });
      const zero = harness.engine.quoteOrder({
        wristbandUid: '',
        items: [{ productId: LAGER.id, quantity: 0 }],
      });
      expect(zero).toMatchObject({ ok: false, error: { code: 'order.quantity_invalid' } });
    });

    it('lists the promotions that apply now, for everyone or for a tier', async () => {
      const harness = await openWithCatalog();
      expect(harness.engine.activePromotions().map((p) => p.name)).toEqual([happyHour.name]);
      expect(harness.engine.activePromotions('vip').map((p) => p.name)).toEqual([
        happyHour.name,
        vipOnly.name,
      ]);
      harness.clock.advance(3 * 60 * 60_000);
      expect(harness.engine.activePromotions()).toEqual([]);
    });
  });
}
