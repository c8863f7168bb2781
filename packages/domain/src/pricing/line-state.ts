import { assert } from '../assert.ts';
import { PROMOTIONS_PER_LINE_MAX } from '../limits.ts';
import type { PricingLine } from './pricing-line.ts';
import type { Promotion } from './promotion.ts';
import { targetsLine } from './targets-line.ts';

/** Where one line stands while promotions are applied in turn. */
export interface LineState {
  /** Amount less the discounts so far; never below zero. */
  remainingCents: number;
  /** The promotions that took at least one cent off, in order. */
  readonly promotionIds: string[];
  /** An exclusive promotion discounted this line, so nothing else may. */
  closedByExclusive: boolean;
}

export function startLine(line: PricingLine): LineState {
  return {
    remainingCents: line.unitPriceCents * line.quantity,
    promotionIds: [],
    closedByExclusive: false,
  };
}

/**
 * True if the promotion may discount the line: it targets the line, no
 * exclusive promotion discounted the line, an exclusive promotion finds the
 * line not yet discounted, and the line has room under PROMOTIONS_PER_LINE_MAX.
 * Whether a line is discounted depends only on earlier promotions, so the
 * answer is the same on every device.
 */
export function mayDiscount(promotion: Promotion, line: PricingLine, state: LineState): boolean {
  if (!targetsLine(promotion.target, line) || state.closedByExclusive) return false;
  if (state.promotionIds.length >= PROMOTIONS_PER_LINE_MAX) return false;
  return promotion.stacking === 'stackable' || state.promotionIds.length === 0;
}

/** Takes a promotion's discount off the line; a zero discount leaves no trace. */
export function takeDiscount(state: LineState, promotion: Promotion, discountCents: number) {
  assert(Number.isSafeInteger(discountCents), `discount ${discountCents} is whole cents`);
  assert(discountCents >= 0 && discountCents <= state.remainingCents, 'discount fits the line');
  if (discountCents === 0) return;
  state.remainingCents -= discountCents;
  state.promotionIds.push(promotion.id);
  if (promotion.stacking === 'exclusive') state.closedByExclusive = true;
}
