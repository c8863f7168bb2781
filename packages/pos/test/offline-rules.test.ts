import { describe, expect, it } from 'vitest';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import { ADAPTERS } from './support/adapters.ts';
import { HAPPY_HOUR, VIP_TEN_PERCENT, band } from './support/promotions.ts';
import { DRINKS, LAGER, NACHOS, catalogPage } from './support/catalog.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { acceptAll } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

for (const adapter of ADAPTERS) {
  describe(`offline rules on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWith = async (page = catalogPage(), tunables = {}) => {
      const harness = openPosHarness(adapter, tempDir(), tunables);
      await harness.pullCatalog(page);
      return harness;
    };

    it('prices with the pulled promotions at the placed time, tier by tier, and sends the discounts', async () => {
      const harness = await openWith(
        catalogPage({
          promotions: [HAPPY_HOUR, VIP_TEN_PERCENT],
          wristbands: [band('VIP0001', { tier: 'vip' })],
        }),
      );
      const order = {
        items: [
          { productId: LAGER.id, quantity: 2 },
          { productId: NACHOS.id, quantity: 1 },
        ],
      };
      const standard = harness.engine.placeOrder({ wristbandUid: 'TL0001', ...order });
      const vip = harness.engine.placeOrder({ wristbandUid: 'VIP0001', ...order });
      // Lager 2 × 650 = 1300, 20% off = 260; nachos 900 untouched.
      expect(standard.ok && standard.value.totalCents).toBe(1300 - 260 + 900);
      expect(standard.ok && standard.value.items[0]).toMatchObject({
        discountCents: 260,
        promotionIds: [HAPPY_HOUR.id],
      });
      // VIP: then 10% of what remains: 104 off the lager (1040), 90 off the nachos.
      expect(vip.ok && vip.value.totalCents).toBe(1300 - 260 - 104 + 900 - 90);

      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const [sent] = harness.transport.pushes[0]!.request.items as PlaceOrderWorkItem[];
      expect(sent!.payload.items[0]).toMatchObject({
        categoryId: DRINKS.id,
        discountCents: 260,
        promotionIds: [HAPPY_HOUR.id],
      });
      expect(sent!.payload.totalCents).toBe(1940);
    });

    it('stops applying a happy hour when it ends, by the clock the order is placed at', async () => {
      const harness = await openWith(catalogPage({ promotions: [HAPPY_HOUR] }));
      harness.clock.advance(2 * 3_600_000 - 1); // 15:59:59.999 local
      const last = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      harness.clock.advance(1); // 16:00
      const after = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      expect(last.ok && last.value.totalCents).toBe(520);
      expect(after.ok && after.value.totalCents).toBe(650);
    });

    it('refuses a blocked wristband with a clear message and stores nothing', async () => {
      const harness = await openWith(
        catalogPage({ wristbands: [band('LOST0001', { status: 'blocked' })] }),
      );
      const refused = harness.engine.placeOrder({
        wristbandUid: 'lost-0001',
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'wristband.blocked',
          message: expect.stringMatching(/LOST0001 is blocked/) as unknown,
        },
      });
      expect(harness.count('orders')).toBe(0);
      expect(harness.count('outbox')).toBe(0);
    });

    it('takes orders for a band the list does not know yet: the server will flag them', async () => {
      const harness = await openWith();
      expect(
        harness.engine.placeOrder({
          wristbandUid: 'NEW00001',
          items: [{ productId: LAGER.id, quantity: 1 }],
        }).ok,
      ).toBe(true);
    });

    it("keeps one band's unconfirmed spending within the offline limit, counting what is queued", async () => {
      const page = catalogPage();
      const harness = await openWith(
        catalogPage({ event: { ...page.event, offlineSpendingLimitCents: 2000 } }),
      );
      const lagers = (quantity: number) => ({
        wristbandUid: 'TL0001',
        items: [{ productId: LAGER.id, quantity }],
      });
      expect(harness.engine.placeOrder(lagers(2)).ok).toBe(true); // 1300 queued
      const over = harness.engine.placeOrder(lagers(2)); // 1300 + 1300 > 2000
      expect(over).toMatchObject({ ok: false, error: { code: 'wristband.offline_limit' } });
      expect(!over.ok && over.error.message).toMatch(/\$13\.00 not yet confirmed.*\$20\.00/);
      expect(harness.engine.placeOrder({ ...lagers(1), wristbandUid: 'TL0002' }).ok).toBe(true);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync(); // confirmed: nothing unconfirmed any more
      expect(harness.engine.placeOrder(lagers(2)).ok).toBe(true);
    });

    it("uses a band's tab limit when it is lower than the event's offline limit", async () => {
      const harness = await openWith(
        catalogPage({ wristbands: [band('TL0001', { tabLimitCents: 1000 })] }),
      );
      const refused = harness.engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: LAGER.id, quantity: 2 }],
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'wristband.offline_limit' } });
    });

    it('warns when the POS has been out of touch longer than the event allows', async () => {
      const harness = await openWith();
      expect(harness.engine.status().offlineWarning).toBe(false);
      harness.clock.advance(1800 * 1000);
      expect(harness.engine.status().offlineWarning).toBe(false);
      harness.clock.advance(1);
      expect(harness.engine.status()).toMatchObject({ offlineWarning: true });
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync(); // a heartbeat answered: in touch again
      expect(harness.engine.status().offlineWarning).toBe(false);
    });
  });
}
