import Type from 'typebox';
import type { Static } from 'typebox';
import { MANAGER_PIN_PATTERN } from '@tabline/domain';
import { AdjustmentDetails } from '../adjustment.ts';
import { OrderItemPayload } from '../order-payload.ts';
import { Cents, CurrencyCode, Id, Timestamp, WristbandUid } from '../schema-parts.ts';

/** Schemas of orders as managers see them, with their voids and refunds. */

export const OrderParams = Type.Object(
  { eventId: Id, orderId: Id },
  { additionalProperties: false },
);
export type OrderParams = Static<typeof OrderParams>;

export const OrderDetails = Type.Object(
  {
    id: Id,
    deviceId: Id,
    deviceSeq: Type.Integer({ minimum: 1 }),
    locationId: Type.Union([Id, Type.Null()]),
    wristbandUid: WristbandUid,
    currency: CurrencyCode,
    /** The device's total: what the counter showed. Voids and refunds are decided against it. */
    totalCents: Cents,
    /**
     * What the attendee's tab was charged: the lower of the device's total
     * and the server's pricing at the order's placed time (docs/PRICING.md).
     * Null until the order is processed; 0 when it was charged to no one.
     */
    chargedCents: Type.Union([Cents, Type.Null()]),
    /** What voids and refunds took back so far, of the device's total. */
    adjustedCents: Cents,
    voided: Type.Boolean(),
    placedAt: Timestamp,
    receivedAt: Timestamp,
    status: Type.Union([Type.Literal('received'), Type.Literal('processed')]),
    flags: Type.Array(Type.String({ maxLength: 64 })),
    tabId: Type.Union([Id, Type.Null()]),
    items: Type.Array(OrderItemPayload),
    adjustments: Type.Array(AdjustmentDetails),
  },
  { additionalProperties: false },
);
export type OrderDetails = Static<typeof OrderDetails>;

export const STAFF_PIN_PATH = '/v1/staff/me/pin';

/**
 * A member of staff sets (or changes) their own PIN. Devices of the events
 * where they are a manager or owner learn its verifier at their next pull;
 * approvals a device made with the previous PIN before the change still
 * count.
 */
export const SetPinRequest = Type.Object(
  {
    pin: Type.String({
      pattern: MANAGER_PIN_PATTERN,
      description: '4 to 8 digits.',
    }),
  },
  { additionalProperties: false },
);
export type SetPinRequest = Static<typeof SetPinRequest>;
