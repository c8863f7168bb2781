/**
 * Limits on what an order may hold. Every part enforces the same numbers:
 * the POS refuses to place such an order, the server's schemas reject it.
 * docs/LIMITS.md lists every limit in the system.
 */

/** The largest amount anywhere, in cents: 100,000,000.00 in major units. */
export const MONEY_CENTS_MAX = 10_000_000_000;

/** The most items one order may hold. */
export const ORDER_ITEMS_MAX = 100;

/** The largest quantity of one item in one order. */
export const ORDER_ITEM_QUANTITY_MAX = 999;

/** The highest unit price of a product, in cents. */
export const UNIT_PRICE_CENTS_MAX = 1_000_000;

/** The largest order total, in cents. */
export const ORDER_TOTAL_CENTS_MAX = 100_000_000;

/** Wristband codes are 4 to 32 characters once normalised. */
export const WRISTBAND_UID_LENGTH_MIN = 4;
export const WRISTBAND_UID_LENGTH_MAX = 32;

/** Names of products, attendees, events and locations. */
export const NAME_LENGTH_MAX = 120;
