/**
 * Reasons an order is kept but marked for review. A sale the POS took is real
 * money already handed over, so the server never refuses an order for being
 * stale or odd; it records it and flags it. docs/ERRORS.md lists these too
 * (generated from this table).
 */
export const ORDER_FLAGS = {
  'product.unknown': 'An item names a product the event has never had.',
  'product.inactive': 'An item names a product taken off the menu.',
  'price.changed': "An item's unit price differs from the catalog's price when the order arrived.",
  'catalog.stale': 'The POS priced the order with an older catalog than the server held.',
  'clock.skewed':
    "The device's clock was off by more than CLOCK_SKEW_TOLERANCE_MS (from its heartbeat), or the order was placed in the future.",
  'wristband.unknown': 'No wristband with this code belongs to the event; no tab was charged.',
  'wristband.blocked': 'The wristband was blocked (reported lost); no tab was charged.',
  'pricing.server_lower':
    "The server's pricing at the order's placed time came out lower than the device's total (a promotion or tier the device did not know); the tab was charged the server's total.",
  'pricing.device_lower':
    "The device's total was lower than the server's pricing at the order's placed time (a promotion since ended, a tier since changed, a device bug); the tab was charged the device's total, what the counter showed.",
} as const;

export type OrderFlag = keyof typeof ORDER_FLAGS;

/** Clocks within this of the server's count as right. */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;
