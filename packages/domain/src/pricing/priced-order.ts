import type { PricingLine } from './pricing-line.ts';

/**
 * The outcome of pricing an order. Every number is whole cents and they
 * reconcile exactly: `subtotalCents` is the sum of the line amounts,
 * `discountCents` the sum of the line discounts and of `applied`, and
 * `totalCents` is `subtotalCents - discountCents`, never below zero.
 */
export interface PricedOrder {
  /** In the order of the input lines. */
  readonly lines: readonly PricedLine[];
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly totalCents: number;
  /** The promotions that took at least one cent off, in the order they were applied. */
  readonly applied: readonly AppliedPromotion[];
}

export interface PricedLine extends PricingLine {
  /** Unit price × quantity. */
  readonly amountCents: number;
  /** From 0 to `amountCents`. */
  readonly discountCents: number;
  /** The promotions that took at least one cent off this line, in the order they were applied. */
  readonly promotionIds: readonly string[];
}

/** One promotion's share of an order's discount, for receipts and reports. */
export interface AppliedPromotion {
  readonly promotionId: string;
  readonly name: string;
  readonly discountCents: number;
}
