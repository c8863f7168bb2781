import type { AttendeeTier } from '../attendee.ts';

/**
 * A promotion: a rule that takes money off some lines of an order, for some
 * attendees, at some times. The organiser defines promotions per event; the
 * server stores them, devices pull them, and `priceOrder` applies them the same
 * way on both sides. The wire protocol and the server database mirror this
 * shape, so change it only together with them.
 *
 * Terms used in the pricing code:
 * - a line is one `PricingLine` of an order (a product, its unit price, a quantity);
 * - a line's amount is unit price × quantity, its remaining amount is what is
 *   left of that after the promotions applied so far;
 * - a promotion applies (to an order) when it is active and its validity,
 *   window and tiers allow it at the order's placed time; it targets a line
 *   when its target matches the line's product or category;
 * - a line is discounted once some promotion took at least one cent off it.
 */
export interface Promotion {
  /** A UUID. */
  readonly id: string;
  /** Shown to staff and on receipts. */
  readonly name: string;
  readonly active: boolean;
  /** An integer; higher applies first, ties by id ascending. */
  readonly priority: number;
  readonly stacking: PromotionStacking;
  /** Epoch ms, inclusive, or null for no start. */
  readonly validFrom: number | null;
  /** Epoch ms, exclusive, or null for no end. */
  readonly validUntil: number | null;
  /** A recurring window in the event's time zone, or null for all day. */
  readonly window: PromotionWindow | null;
  /** The tiers of attendees it is for, or null for everyone (unknown attendees included). */
  readonly tiers: readonly AttendeeTier[] | null;
  readonly target: PromotionTarget;
  readonly benefit: PromotionBenefit;
  /** The most this promotion may take off one order, in cents, or null for no cap. */
  readonly capCents: number | null;
}

/**
 * 'stackable' combines with other promotions. 'exclusive': a line that got a
 * discount from an exclusive promotion gets no other discount, and an
 * exclusive promotion does not apply to a line another promotion already
 * discounted.
 */
export type PromotionStacking = 'stackable' | 'exclusive';

/**
 * A daily window such as a happy hour, in minutes after local midnight
 * (0..1440). `startMinute < endMinute` is a same-day window; `startMinute >
 * endMinute` crosses midnight and belongs to the day it started. The start is
 * inclusive and the end exclusive. `daysOfWeek` (0 = Sunday .. 6 = Saturday)
 * are the local days the window starts on, or null for every day.
 */
export interface PromotionWindow {
  readonly startMinute: number;
  readonly endMinute: number;
  readonly daysOfWeek: readonly number[] | null;
}

/** Which lines a promotion applies to. */
export type PromotionTarget =
  | { readonly kind: 'all' }
  | { readonly kind: 'products'; readonly productIds: readonly string[] }
  | { readonly kind: 'categories'; readonly categoryIds: readonly string[] };

/**
 * What a promotion takes off. Basis points are hundredths of a percent
 * (10000 = 100 %), so percentages stay integers.
 * - percent-off: that share of each targeted line;
 * - amount-off: `amountCents` off each unit, never below zero;
 * - buy-x-get-y: in every group of `buyQuantity + getQuantity` targeted units,
 *   the `getQuantity` cheapest get `basisPoints` off (10000 = free).
 */
export type PromotionBenefit =
  | { readonly kind: 'percent-off'; readonly basisPoints: number }
  | { readonly kind: 'amount-off'; readonly amountCents: number }
  | {
      readonly kind: 'buy-x-get-y';
      readonly buyQuantity: number;
      readonly getQuantity: number;
      readonly basisPoints: number;
    };

/** 100 %, in basis points. */
export const BASIS_POINTS_MAX = 10_000;
