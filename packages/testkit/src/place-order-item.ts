import { randomUUID } from 'node:crypto';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import type { EventFixture } from './event-fixture.ts';

/**
 * A well-formed `order.place` work item for a fixture's event: one of each
 * product unless `items` says otherwise, for the first attendee's band.
 */
export function placeOrderItem(
  fixture: EventFixture,
  options: {
    deviceSeq?: number;
    wristbandUid?: string;
    quantities?: readonly number[];
    placedAt?: string;
  } = {},
): PlaceOrderWorkItem {
  const quantities = options.quantities ?? fixture.products.map(() => 1);
  const items = fixture.products
    .map((product, index) => ({
      productId: product.id,
      productName: product.name,
      unitPriceCents: product.priceCents,
      quantity: quantities[index] ?? 0,
      categoryId: null,
      discountCents: 0,
      promotionIds: [],
    }))
    .filter((item) => item.quantity > 0);
  return {
    kind: 'order.place',
    idempotencyKey: randomUUID(),
    deviceSeq: options.deviceSeq ?? 1,
    payload: {
      orderId: randomUUID(),
      wristbandUid: options.wristbandUid ?? fixture.attendees[0]!.wristbandUid,
      locationId: fixture.locationId,
      currency: fixture.currency,
      items,
      totalCents: items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0),
      placedAt: options.placedAt ?? new Date().toISOString(),
      catalogVersion: fixture.catalogVersion,
    },
  };
}
