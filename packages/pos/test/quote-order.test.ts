import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import { HAPPY_HOUR, VIP_TEN_PERCENT, band } from './support/promotions.ts';
import { LAGER, NACHOS, UNKNOWN_PRODUCT_ID, catalogPage } from './support/catalog.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { useTempDir } from './support/temp-dir.ts';

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
          promotions: [HAPPY_HOUR, VIP_TEN_PERCENT],
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
        promotionNames: [HAPPY_HOUR.name],
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
      expect(vip.ok && vip.value.promotionNames).toEqual([HAPPY_HOUR.name, VIP_TEN_PERCENT.name]);
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
      expect(harness.engine.activePromotions().map((p) => p.name)).toEqual([HAPPY_HOUR.name]);
      expect(harness.engine.activePromotions('vip').map((p) => p.name)).toEqual([
        HAPPY_HOUR.name,
        VIP_TEN_PERCENT.name,
      ]);
      harness.clock.advance(3 * 60 * 60_000);
      expect(harness.engine.activePromotions()).toEqual([]);
    });
  });
}
