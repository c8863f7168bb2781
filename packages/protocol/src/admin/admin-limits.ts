/**
 * Limits of the admin API. docs/LIMITS.md lists every limit in the system.
 */

/** The most records one page of an admin list holds. */
export const ADMIN_PAGE_ITEMS_MAX = 500;

/** Records in a page of an admin list when the caller does not say. */
export const ADMIN_PAGE_ITEMS_DEFAULT = 100;

/** Positions of categories and products on the menu run from 0 to this. */
export const MENU_POSITION_MAX = 100_000;

/** The shortest password a new or reset staff account may be given. */
export const STAFF_PASSWORD_LENGTH_MIN = 12;

/** The longest password anyone may send (sign-in accepts the same). */
export const STAFF_PASSWORD_LENGTH_MAX = 256;

/** The most wristbands issued to one attendee (a lost band stays, blocked). */
export const WRISTBANDS_PER_ATTENDEE_MAX = 20;

/** The longest wristband code accepted before normalisation (spaces, dashes). */
export const WRISTBAND_INPUT_LENGTH_MAX = 64;

/** The longest reason a manager may give when reviewing a flagged order. */
export const REVIEW_REASON_LENGTH_MAX = 200;

/** The longest search of the tabs list (a name or a band code, as typed). */
export const TAB_SEARCH_LENGTH_MAX = 120;

/** Failed texts listed in an event's SMS status (the latest). */
export const SMS_FAILURES_LISTED_MAX = 20;
