import { buyXGetYDiscounts } from './buy-x-get-y.ts';
import type { PricingLine } from './pricing-line.ts';
import type { PromotionBenefit } from './promotion.ts';
import { percentOfCents } from './round-half-up.ts';

/**
 * What a promotion's benefit takes off each line, before its cap: an array
 * parallel to `lines`, zero for lines not in `eligible`. Each discount is
 * computed on the line's remaining amount and never exceeds it, so no line
 * can go below zero however many promotions stack on it.
 */
export function benefitDiscounts(
  benefit: PromotionBenefit,
  lines: readonly PricingLine[],
  remainingCents: readonly number[],
  eligible: readonly number[],
): number[] {
  switch (benefit.kind) {
    case 'percent-off':
      return perLine(lines, eligible, (index) => {
        const remaining = remainingCents[index]!;
        return Math.min(remaining, percentOfCents(remaining, benefit.basisPoints));
      });
    case 'amount-off':
      return perLine(lines, eligible, (index) =>
        Math.min(remainingCents[index]!, benefit.amountCents * lines[index]!.quantity),
      );
    case 'buy-x-get-y':
      return buyXGetYDiscounts(benefit, lines, remainingCents, eligible);
    default: {
      const unknown: never = benefit;
      throw new Error(`Unknown benefit ${JSON.stringify(unknown)}`);
    }
  }
}

function perLine(
  lines: readonly PricingLine[],
  eligible: readonly number[],
  discountOf: (index: number) => number,
): number[] {
  const discounts = lines.map(() => 0);
  for (const index of eligible) discounts[index] = discountOf(index);
  return discounts;
}
