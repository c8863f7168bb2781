import type { Order } from '@tabline/domain';
import type { PlaceOrderWorkItem } from '@tabline/protocol';

export interface WorkItemIdentity {
  readonly idempotencyKey: string;
  readonly deviceSeq: number;
  /** The catalog cursor the order was priced with. */
  readonly catalogVersion: number;
}

/**
 * The work item that asks the server to record an order. Fields are listed
 * one by one, in the protocol's order, so nothing else from the domain object
 * leaks into the JSON the outbox stores.
 */
export function buildPlaceOrderWorkItem(
  order: Order,
  identity: WorkItemIdentity,
): PlaceOrderWorkItem {
  return {
    kind: 'order.place',
    idempotencyKey: identity.idempotencyKey,
    deviceSeq: identity.deviceSeq,
    payload: {
      orderId: order.id,
      wristbandUid: order.wristbandUid,
      locationId: order.locationId,
      currency: order.currency,
      items: order.items.map((item) => ({
        productId: item.productId,
        productName: item.productName,
        unitPriceCents: item.unitPriceCents,
        quantity: item.quantity,
        categoryId: item.categoryId,
        discountCents: item.discountCents,
        promotionIds: [...item.promotionIds],
      })),
      totalCents: order.totalCents,
      placedAt: new Date(order.placedAt).toISOString(),
      catalogVersion: identity.catalogVersion,
    },
  };
}
