import Type from 'typebox';
import type { Static } from 'typebox';
import { AdjustmentPayload } from './adjustment.ts';
import { OrderPayload } from './order-payload.ts';
import { Id } from './schema-parts.ts';

/**
 * A unit of work a POS queued in its outbox and pushes to the server. The
 * idempotency key was made when the item was queued and never changes, so a
 * retry is recognised. `deviceSeq` numbers the items of one device 1, 2, 3…
 * so the server can see gaps.
 */
export const PlaceOrderWorkItem = Type.Object(
  {
    kind: Type.Literal('order.place'),
    idempotencyKey: Id,
    deviceSeq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    payload: OrderPayload,
  },
  { additionalProperties: false },
);
export type PlaceOrderWorkItem = Static<typeof PlaceOrderWorkItem>;

/**
 * A void or a refund of an order, approved by a manager on the POS. The order
 * it adjusts was queued before it on the same device, so it reaches the
 * server first (or in the same push, where orders are stored first).
 */
export const AdjustOrderWorkItem = Type.Object(
  {
    kind: Type.Literal('order.adjust'),
    idempotencyKey: Id,
    deviceSeq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    payload: AdjustmentPayload,
  },
  { additionalProperties: false },
);
export type AdjustOrderWorkItem = Static<typeof AdjustOrderWorkItem>;

export const WorkItem = Type.Union([PlaceOrderWorkItem, AdjustOrderWorkItem]);
export type WorkItem = Static<typeof WorkItem>;
export type WorkItemKind = WorkItem['kind'];
