/**
 * Limits on what an order and a promotion may hold. Every part enforces the
 * same numbers: the POS refuses to place such an order, the server's schemas
 * reject it. docs/LIMITS.md lists every limit in the system.
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

/**
 * The most promotions one event may have, active or not. The server refuses
 * more; pricing asserts it, since every order is priced against all of them.
 */
export const PROMOTIONS_PER_EVENT_MAX = 200;

/**
 * The most promotions that may discount one line of an order. Once a line
 * has this many, later promotions pass it by, so a priced order always fits
 * the order payload of the sync protocol.
 */
export const PROMOTIONS_PER_LINE_MAX = 20;

/** The most product or category ids one promotion may target. */
export const PROMOTION_TARGET_IDS_MAX = 500;

/** The largest buy or get quantity of a buy-x-get-y promotion. */
export const PROMOTION_QUANTITY_MAX = 999;

/** Promotion priorities run from -PROMOTION_PRIORITY_MAX to PROMOTION_PRIORITY_MAX. */
export const PROMOTION_PRIORITY_MAX = 1_000_000;

/** The reason staff give for a void or a refund. */
export const ADJUSTMENT_REASON_LENGTH_MAX = 200;

/**
 * The most managers (with a PIN) a device is told about in a pull. An event
 * with more still works: the POS sees the first ones by name.
 */
export const APPROVERS_PER_EVENT_MAX = 200;

/**
 * Wrong manager PINs in a row on one device (whichever managers were chosen)
 * before the POS refuses every PIN check for a while (`approval.locked`).
 * Each check costs one PBKDF2 derivation (about 50 ms on a tablet), so
 * without a lockout a cashier holding the device could try all 10,000
 * four-digit PINs in some 8 minutes.
 */
export const PIN_ATTEMPTS_BEFORE_LOCKOUT = 5;

/**
 * How long the first lockout lasts. Each further one (every wrong PIN after
 * a lockout ends starts the next) lasts twice as long as the one before, up
 * to PIN_LOCKOUT_MS_MAX; a right PIN starts the count afresh.
 */
export const PIN_LOCKOUT_MS_FIRST = 30_000;

/**
 * The longest lockout: 15 minutes. With the first 5 tries free, then one
 * try per lockout, trying all 10,000 four-digit PINs takes about 100 days.
 */
export const PIN_LOCKOUT_MS_MAX = 15 * 60_000;
