import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, CurrencyCode, Id, Name, Timestamp, WristbandUid } from '../schema-parts.ts';
import { REVIEW_REASON_LENGTH_MAX } from './admin-limits.ts';
import { Page, PageLimit } from './admin-schema-parts.ts';
import { WristbandCodeInput } from './wristband-admin.ts';

/**
 * The event's orders as the organiser's dashboard lists them, newest
 * arrival first, and the review of flagged orders: a manager looks at an
 * order the server kept but flagged (docs/ERRORS.md, "Order flags") and
 * records that it was seen, and why it stands.
 */

export const EVENT_ORDERS_PATH = '/v1/events/:eventId/orders';
export const ORDER_REVIEW_PATH = '/v1/events/:eventId/orders/:orderId/review';

const Flag = Type.String({ maxLength: 64 });
const TrueOrFalse = Type.Union([Type.Literal('true'), Type.Literal('false')]);

export const ReviewReason = Type.String({
  minLength: 1,
  maxLength: REVIEW_REASON_LENGTH_MAX,
  description:
    'Why the order stands as it is, in the words of staff ("band found, charged by hand").',
});

export const ReviewOrderRequest = Type.Object(
  { reason: ReviewReason },
  { additionalProperties: false },
);
export type ReviewOrderRequest = Static<typeof ReviewOrderRequest>;

/** A manager's review of an order's flags, as recorded. */
export const OrderReview = Type.Object(
  {
    orderId: Id,
    /** The flags the order had when it was reviewed: the ones this review covers. */
    flags: Type.Array(Flag),
    reason: ReviewReason,
    reviewedBy: Id,
    reviewedByName: Name,
    reviewedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type OrderReview = Static<typeof OrderReview>;

export const OrderSummary = Type.Object(
  {
    id: Id,
    /** The device's clock when the order was rung up. */
    placedAt: Timestamp,
    /** The server's clock when the order arrived: the list's order. */
    receivedAt: Timestamp,
    deviceId: Id,
    deviceName: Name,
    locationId: Type.Union([Id, Type.Null()]),
    locationName: Type.Union([Name, Type.Null()]),
    wristbandUid: WristbandUid,
    /** The band's wearer; null for a band the event does not know. */
    attendeeId: Type.Union([Id, Type.Null()]),
    attendeeName: Type.Union([Name, Type.Null()]),
    currency: CurrencyCode,
    /** The device's total: what the counter showed. */
    totalCents: Cents,
    /** What the tab was charged; null until processed, 0 when charged to no one. */
    chargedCents: Type.Union([Cents, Type.Null()]),
    /** What voids and refunds took back so far, of the device's total. */
    adjustedCents: Cents,
    voided: Type.Boolean(),
    /** `received`: waiting for the order processor; `processed`: charged (or flagged and charged to no one). */
    status: Type.Union([Type.Literal('received'), Type.Literal('processed')]),
    processedAt: Type.Union([Timestamp, Type.Null()]),
    flags: Type.Array(Flag),
    /** Flagged, with a flag no review covers yet. */
    needsReview: Type.Boolean(),
    /** The latest review, or null. */
    review: Type.Union([OrderReview, Type.Null()]),
  },
  { additionalProperties: false },
);
export type OrderSummary = Static<typeof OrderSummary>;

/**
 * Filters combine (all must hold). `after` is the `nextAfter` of the page
 * before: the id of its last order.
 */
export const OrderListQuery = Type.Object(
  {
    limit: Type.Optional(PageLimit),
    after: Type.Optional(Id),
    flagged: Type.Optional(TrueOrFalse),
    needsReview: Type.Optional(TrueOrFalse),
    locationId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    wristbandUid: Type.Optional(WristbandCodeInput),
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;

/** Newest arrival first (`receivedAt`, then id, both descending). */
export const OrderPage = Page(OrderSummary);
export type OrderPage = Static<typeof OrderPage>;
