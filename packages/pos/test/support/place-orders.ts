import type { PlacedOrder } from '../../src/index.ts';
import { LAGER } from './catalog.ts';
import type { PosHarness } from './pos-harness.ts';
import { answerEach } from './scripted-sync-transport.ts';

/**
 * Places `count` orders, one a second, for wristbands TL0001, TL0002…; the
 * n-th order holds n lagers, so their totals differ (650, 1300, 1950…).
 */
export function placeOrders(harness: PosHarness, count: number): PlacedOrder[] {
  return Array.from({ length: count }, (_, index) => {
    const placed = harness.engine.placeOrder({
      wristbandUid: `TL${String(index + 1).padStart(4, '0')}`,
      items: [{ productId: LAGER.id, quantity: index + 1 }],
    });
    if (!placed.ok) throw new Error(`placing order ${index + 1}: ${placed.error.message}`);
    harness.clock.advance(1000);
    return placed.value;
  });
}

/**
 * Places `count` orders and syncs them with a server that refuses the first
 * (`location.unknown`) and accepts the rest: a store holding a rejected item
 * and synced orders. Returns the orders placed.
 */
export async function placeAndSyncRefusingFirst(
  harness: PosHarness,
  count: number,
): Promise<PlacedOrder[]> {
  const placed = placeOrders(harness, count);
  const refusedId = placed[0]!.id;
  harness.transport.answerPushes(
    answerEach((item) =>
      item.payload.orderId === refusedId
        ? { code: 'location.unknown', message: 'No.' }
        : { flags: [] },
    ),
  );
  await harness.engine.sync();
  return placed;
}
