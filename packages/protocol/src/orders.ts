import Type from 'typebox';
import type { Static } from 'typebox';
import { OrderPayload } from './order-payload.ts';

export const ORDERS_PATH = '/v1/orders';

/** The header that carries a request's idempotency key (IETF httpapi Idempotency-Key draft). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Set on an answer that is the stored answer of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/**
 * One order, for a device that is online and wants the answer now. It is the
 * work item a push would carry, with its idempotency key in the
 * `Idempotency-Key` header instead of the body.
 */
export const PlaceOrderRequest = Type.Object(
  {
    kind: Type.Literal('order.place'),
    deviceSeq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    payload: OrderPayload,
  },
  { additionalProperties: false },
);
export type PlaceOrderRequest = Static<typeof PlaceOrderRequest>;
