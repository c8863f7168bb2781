import { applyCap } from './apply-cap.ts';
import { promotionAppliesAt } from './applies-at.ts';
import { inApplicationOrder } from './application-order.ts';
import { assertPricedOrder } from './assert-priced-order.ts';
import { assertPricingInput } from './assert-pricing-input.ts';
import { benefitDiscounts } from './benefit-discounts.ts';
import type { LineState } from './line-state.ts';
import { mayDiscount, startLine, takeDiscount } from './line-state.ts';
import type { AppliedPromotion, PricedOrder } from './priced-order.ts';
import type { PricingContext } from './pricing-context.ts';
import type { PricingLine } from './pricing-line.ts';
import type { Promotion } from './promotion.ts';

/**
 * Prices an order: the one pricing function, run by the POS offline and by
 * the server, so both reach the same cents. It is pure: the time is the
 * order's placed time from the context, never the clock. docs/PRICING.md
 * explains the rules with a worked example; in short:
 *
 * 1. A promotion applies if it is active, `placedAt` is within its validity
 *    (start inclusive, end exclusive) and inside its window on the event's
 *    wall clock, and it is for the attendee's tier (an unknown attendee only
 *    gets promotions for everyone).
 * 2. Applicable promotions apply one after another, priority descending, then
 *    id ascending. Each works on every line's remaining amount (what earlier
 *    promotions left), so no line goes below zero.
 * 3. Rounding is one rule, per line: a share of an amount is rounded half up
 *    to the cent, `floor((remaining × basisPoints + 5000) / 10000)` for a
 *    percentage, and clamped to the remaining amount. Amount-off takes
 *    `min(amountCents × quantity, remaining)`. Buy-x-get-y is in buy-x-get-y.ts.
 * 4. A promotion's cap keeps its line discounts in line order until the cap
 *    is used up (apply-cap.ts), so they sum to exactly the cap.
 * 5. A line an exclusive promotion discounted gets nothing more; an exclusive
 *    promotion skips lines already discounted; a line takes discounts from at
 *    most PROMOTIONS_PER_LINE_MAX promotions. A discount of zero does not
 *    count as discounting a line.
 *
 * The result reconciles to the cent (assert-priced-order.ts).
 */
export function priceOrder(
  lines: readonly PricingLine[],
  promotions: readonly Promotion[],
  context: PricingContext,
): PricedOrder {
  assertPricingInput(lines, promotions, context);
  const states = lines.map(startLine);
  const applied: AppliedPromotion[] = [];
  const applicable = promotions.filter((promotion) => promotionAppliesAt(promotion, context));
  for (const promotion of inApplicationOrder(applicable)) {
    const discountCents = applyPromotion(promotion, lines, states);
    if (discountCents > 0) {
      applied.push({ promotionId: promotion.id, name: promotion.name, discountCents });
    }
  }
  const order = pricedOrder(lines, states, applied);
  assertPricedOrder(order);
  return order;
}

/** Takes one promotion's capped discounts off the lines it may discount; returns their sum. */
function applyPromotion(
  promotion: Promotion,
  lines: readonly PricingLine[],
  states: readonly LineState[],
): number {
  const eligible: number[] = [];
  lines.forEach((line, index) => {
    if (mayDiscount(promotion, line, states[index]!)) eligible.push(index);
  });
  const remaining = states.map((state) => state.remainingCents);
  const raw = benefitDiscounts(promotion.benefit, lines, remaining, eligible);
  const discounts = applyCap(raw, promotion.capCents);
  let totalCents = 0;
  discounts.forEach((discountCents, index) => {
    takeDiscount(states[index]!, promotion, discountCents);
    totalCents += discountCents;
  });
  return totalCents;
}

function pricedOrder(
  lines: readonly PricingLine[],
  states: readonly LineState[],
  applied: readonly AppliedPromotion[],
): PricedOrder {
  const priced = lines.map((line, index) => {
    const state = states[index]!;
    const amountCents = line.unitPriceCents * line.quantity;
    return {
      productId: line.productId,
      categoryId: line.categoryId,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      amountCents,
      discountCents: amountCents - state.remainingCents,
      promotionIds: [...state.promotionIds],
    };
  });
  const subtotalCents = priced.reduce((sum, line) => sum + line.amountCents, 0);
  const discountCents = priced.reduce((sum, line) => sum + line.discountCents, 0);
  return {
    lines: priced,
    subtotalCents,
    discountCents,
    totalCents: subtotalCents - discountCents,
    applied,
  };
}
