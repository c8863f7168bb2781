import { divideRoundHalfUp } from './round-half-up.ts';
import type { PricingLine } from './pricing-line.ts';
import { BASIS_POINTS_MAX } from './promotion.ts';

export interface BuyXGetY {
  readonly buyQuantity: number;
  readonly getQuantity: number;
  readonly basisPoints: number;
}

/**
 * The discounts of a buy-x-get-y promotion, per line. All targeted units of
 * the order form one pool, sorted by unit price from the most expensive down
 * (equal prices: the earlier line first). The pool is cut into groups of
 * `buy + get` units in that order, and in each complete group the last `get`
 * units (the group's cheapest) are discounted; an incomplete last group gets
 * nothing. So "buy 2 get 1 free" on 9, 7, 5 and 3 makes the 5 free: the 3 is
 * in a group of one.
 *
 * A line with `n` discounted units out of `quantity` gets that share of its
 * remaining amount off, `remaining × n / quantity × basisPoints / 10000`,
 * rounded half up once for the line. The remaining amount counts, not the
 * catalog price, so a unit already discounted by an earlier promotion is not
 * discounted twice over; the ordering uses catalog prices, which staff and
 * attendees see.
 */
export function buyXGetYDiscounts(
  benefit: BuyXGetY,
  lines: readonly PricingLine[],
  remainingCents: readonly number[],
  eligible: readonly number[],
): number[] {
  const discounts = lines.map(() => 0);
  const groupSize = benefit.buyQuantity + benefit.getQuantity;
  let poolUnits = 0;
  for (const index of eligible) poolUnits += lines[index]!.quantity;
  const groupedUnits = Math.floor(poolUnits / groupSize) * groupSize;
  let position = 0;
  for (const index of byPriceDescending(lines, eligible)) {
    const line = lines[index]!;
    const end = Math.min(position + line.quantity, groupedUnits);
    const start = Math.min(position, groupedUnits);
    const units = discountedBefore(end, benefit) - discountedBefore(start, benefit);
    discounts[index] = shareOfLine(
      remainingCents[index]!,
      units,
      line.quantity,
      benefit.basisPoints,
    );
    position += line.quantity;
  }
  return discounts;
}

/** How many of the pool's first `position` units are discounted (the last `get` of each group). */
function discountedBefore(position: number, benefit: BuyXGetY): number {
  const groupSize = benefit.buyQuantity + benefit.getQuantity;
  const whole = Math.floor(position / groupSize);
  const intoGroup = position - whole * groupSize;
  return whole * benefit.getQuantity + Math.max(0, intoGroup - benefit.buyQuantity);
}

function shareOfLine(remaining: number, units: number, quantity: number, basisPoints: number) {
  if (units === 0) return 0;
  const numerator = BigInt(remaining) * BigInt(units) * BigInt(basisPoints);
  const share = divideRoundHalfUp(numerator, BigInt(quantity) * BigInt(BASIS_POINTS_MAX));
  return Math.min(remaining, Number(share));
}

/** Line indices by unit price, highest first; equal prices keep line order. */
function byPriceDescending(lines: readonly PricingLine[], eligible: readonly number[]): number[] {
  return [...eligible].sort((a, b) => lines[b]!.unitPriceCents - lines[a]!.unitPriceCents || a - b);
}
