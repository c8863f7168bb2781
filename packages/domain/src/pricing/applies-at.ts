import { isInWindow } from './in-window.ts';
import { localTime } from './local-time.ts';
import type { PricingContext } from './pricing-context.ts';
import type { Promotion } from './promotion.ts';

/**
 * True if the promotion applies to an order with this context: it is active,
 * the order was placed within its validity (start inclusive, end exclusive)
 * and inside its window in the event's time zone, and it is for the
 * attendee's tier. Everything is judged at the order's placed time, never at
 * the time pricing runs, so the POS and the server, hours later, agree.
 */
export function promotionAppliesAt(promotion: Promotion, context: PricingContext): boolean {
  return (
    promotion.active &&
    isWithinValidity(promotion, context.placedAt) &&
    isForTier(promotion, context.tier) &&
    (promotion.window === null ||
      isInWindow(promotion.window, localTime(context.placedAt, context.timeZone)))
  );
}

function isWithinValidity(promotion: Promotion, placedAt: number): boolean {
  const started = promotion.validFrom === null || placedAt >= promotion.validFrom;
  const ended = promotion.validUntil !== null && placedAt >= promotion.validUntil;
  return started && !ended;
}

/** An unknown attendee (tier null) gets only promotions that are for everyone. */
function isForTier(promotion: Promotion, tier: PricingContext['tier']): boolean {
  if (promotion.tiers === null) return true;
  return tier !== null && promotion.tiers.includes(tier);
}
