import Type from 'typebox';
import type { Static } from 'typebox';
import {
  ORDER_ITEMS_MAX,
  ORDER_ITEM_QUANTITY_MAX,
  ORDER_TOTAL_CENTS_MAX,
  PROMOTIONS_PER_LINE_MAX,
  UNIT_PRICE_CENTS_MAX,
} from '@tabline/domain';
import { CurrencyCode, Id, Name, Timestamp, WristbandUid } from './schema-parts.ts';

export const OrderItemPayload = Type.Object(
  {
    productId: Id,
    productName: Name,
    unitPriceCents: Type.Integer({ minimum: 0, maximum: UNIT_PRICE_CENTS_MAX }),
    quantity: Type.Integer({ minimum: 1, maximum: ORDER_ITEM_QUANTITY_MAX }),
    categoryId: Type.Union([Id, Type.Null()]),
    /** Taken off this item by promotions; the item costs unit × quantity − discount. */
    discountCents: Type.Integer({ minimum: 0, maximum: ORDER_TOTAL_CENTS_MAX }),
    promotionIds: Type.Array(Id, { maxItems: PROMOTIONS_PER_LINE_MAX }),
  },
  { additionalProperties: false },
);
export type OrderItemPayload = Static<typeof OrderItemPayload>;

/** An order as the POS placed it: its own id, its items as priced, its time. */
export const OrderPayload = Type.Object(
  {
    orderId: Id,
    wristbandUid: WristbandUid,
    locationId: Type.Union([Id, Type.Null()]),
    currency: CurrencyCode,
    items: Type.Array(OrderItemPayload, { minItems: 1, maxItems: ORDER_ITEMS_MAX }),
    totalCents: Type.Integer({ minimum: 0, maximum: ORDER_TOTAL_CENTS_MAX }),
    placedAt: Timestamp,
    catalogVersion: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'The catalog cursor the POS priced the order with.',
    }),
  },
  { additionalProperties: false },
);
export type OrderPayload = Static<typeof OrderPayload>;
