import type { AttendeeTier } from '../attendee.ts';

/**
 * What pricing needs to know besides the lines: when the order was placed (on
 * the device's clock, never the time pricing happens to run), the event's
 * time zone (in which windows such as happy hours are read) and the
 * attendee's tier.
 */
export interface PricingContext {
  /** Epoch ms when the order was placed. */
  readonly placedAt: number;
  /** The event's IANA time zone, such as `Europe/Berlin`. */
  readonly timeZone: string;
  /** Null for an unknown attendee: only promotions for everyone (`tiers: null`) apply. */
  readonly tier: AttendeeTier | null;
}
