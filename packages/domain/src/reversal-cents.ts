import { assert } from './assert.ts';

/**
 * How much a void or refund takes back from the tab: its amount, but never
 * more than is left of what the tab was charged for the order
 * (`chargedCents - reversedCents`, where `reversedCents` is what the order's
 * earlier voids and refunds took back from the tab).
 *
 * Adjustments are decided against the order's device total, what the counter
 * showed and staff see; the tab may have been charged less (the server's
 * pricing came out lower, `pricing.server_lower`). Taking back the
 * adjustment's full amount from a tab charged less would credit the attendee
 * money they never paid. So each reversal takes what it says until the
 * charge is used up, and the order's reversals never exceed its charge: a
 * void (which takes what is left of the device total) always brings the
 * order's share of the tab to exactly zero. Once the charge is used up a
 * reversal takes 0.
 */
export function reversalCents(
  adjustmentCents: number,
  charge: { readonly chargedCents: number; readonly reversedCents: number },
): number {
  assert(isCents(adjustmentCents), `adjustment ${adjustmentCents} is whole cents`);
  assert(isCents(charge.chargedCents), `charge ${charge.chargedCents} is whole cents`);
  assert(
    isCents(charge.reversedCents) && charge.reversedCents <= charge.chargedCents,
    `reversed ${charge.reversedCents} is whole cents within the charge ${charge.chargedCents}`,
  );
  return Math.min(adjustmentCents, charge.chargedCents - charge.reversedCents);
}

const isCents = (value: number) => Number.isSafeInteger(value) && value >= 0;
