/**
 * Every limit of the fault-injecting proxy, in one place.
 */

/** Connections open at once; more are reset on arrival (counted as refused). */
export const CONNECTIONS_MAX = 10_000;

/**
 * Bytes a direction may hold back (latency, bandwidth, a slow reader) before
 * the proxy stops reading from the sender, so that TCP backpressure reaches it.
 */
export const QUEUE_BYTES_MAX = 1024 * 1024;

/** The longest latency the proxy accepts, in milliseconds. */
export const LATENCY_MS_MAX = 600_000;

/**
 * Under a bandwidth limit, chunks are cut into slices of about 50 ms worth of
 * bytes, so that a large chunk trickles instead of arriving in one burst; but
 * never below this size, which bounds the number of queued slices.
 */
export const BANDWIDTH_SLICE_BYTES_MIN = 512;
