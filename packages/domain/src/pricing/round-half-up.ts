import { BASIS_POINTS_MAX } from './promotion.ts';

/**
 * The one rounding rule of pricing: a share of an amount is rounded to the
 * nearest cent, halves up. For a percentage of a line that is
 * `floor((remaining × basisPoints + 5000) / 10000)`. It is applied once per
 * line and promotion, so the line discounts are exact integers that sum to
 * the order's discount with nothing left over.
 *
 * The arithmetic is on BigInt: products such as remaining × units ×
 * basis points can pass 2^53, where a float would silently lose cents.
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  // floor(n / d + 1/2) = floor((2n + d) / 2d); BigInt division truncates, which is floor for n, d ≥ 0.
  return (2n * numerator + denominator) / (2n * denominator);
}

/** `basisPoints` of `amountCents` (10000 = all of it), rounded half up. */
export function percentOfCents(amountCents: number, basisPoints: number): number {
  const share = BigInt(amountCents) * BigInt(basisPoints);
  return Number(divideRoundHalfUp(share, BigInt(BASIS_POINTS_MAX)));
}
