import { assert } from './assert.ts';
import type { OrderFlag } from './order-flags.ts';

/** What a tab is charged for an order, and why it was flagged, if it was. */
export interface OrderCharge {
  readonly chargedCents: number;
  /** Set when the device's total and the server's pricing differ; null when they agree. */
  readonly flag: Extract<OrderFlag, 'pricing.server_lower' | 'pricing.device_lower'> | null;
}

/**
 * The charge for an order priced twice: by the device at the counter
 * (`deviceTotalCents`, what the attendee was shown) and by the server when it
 * processed the order (`serverTotalCents`, the same pricing code at the same
 * placed time, with the promotions and the attendee's tier as the server
 * knows them). The tab is charged the lower of the two:
 *
 * - never more than the counter showed: the sale was agreed at that price,
 *   and a promotion that ended or a tier that changed since must not raise
 *   it afterwards (`pricing.device_lower`);
 * - a promotion the device did not know (a tier set after its last pull, a
 *   promotion it had not pulled yet) still reaches the attendee
 *   (`pricing.server_lower`).
 *
 * Either difference is flagged for review: both sides run the same code, so
 * a difference means one of them priced with other rules or another tier.
 * docs/PRICING.md, "What a tab is charged".
 */
export function decideOrderCharge(deviceTotalCents: number, serverTotalCents: number): OrderCharge {
  assert(isCents(deviceTotalCents), `device total ${deviceTotalCents} is whole cents`);
  assert(isCents(serverTotalCents), `server total ${serverTotalCents} is whole cents`);
  if (serverTotalCents < deviceTotalCents) {
    return { chargedCents: serverTotalCents, flag: 'pricing.server_lower' };
  }
  if (deviceTotalCents < serverTotalCents) {
    return { chargedCents: deviceTotalCents, flag: 'pricing.device_lower' };
  }
  return { chargedCents: deviceTotalCents, flag: null };
}

const isCents = (value: number) => Number.isSafeInteger(value) && value >= 0;
