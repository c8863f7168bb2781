/**
 * Limits of the sync protocol. The POS sizes its batches by them and the
 * server enforces them; docs/LIMITS.md lists every limit in the system.
 */

/** The most work items in one push. */
export const PUSH_ITEMS_MAX = 100;

/** The largest request body the server reads, in bytes. */
export const REQUEST_BODY_BYTES_MAX = 1_048_576;

/** The most catalog records in one pull page. */
export const PULL_PAGE_RECORDS_MAX = 1000;
