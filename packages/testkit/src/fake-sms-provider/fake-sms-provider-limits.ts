/**
 * Every limit of the fake SMS provider, in one place. The fake is a test
 * double, but it still runs for hours under the simulator and the benchmark,
 * so nothing it keeps or reads is unbounded.
 */

/**
 * The most messages the fake keeps. Creates beyond it are answered with a 500
 * (code 20500) rather than evicting old messages, because tests count messages
 * and a silent eviction would make a count wrong without saying so.
 */
export const MESSAGES_RECORDED_MAX = 200_000;

/**
 * The most API requests the fake keeps in its request log; past it the oldest
 * entries are dropped (the log is for diagnosis; messages are the record).
 */
export const REQUESTS_RECORDED_MAX = 200_000;

/**
 * The largest request body the Twilio API part reads, in bytes. Twilio's own
 * parameters fit easily (a 1,600-character body is at most 6.4 KB of UTF-8);
 * larger requests are answered 413.
 */
export const API_REQUEST_BODY_BYTES_MAX = 64 * 1024;

/** The largest JSON body the control API reads (a long unsubscribed list fits). */
export const CONTROL_REQUEST_BODY_BYTES_MAX = 4 * 1024 * 1024;

/** The most numbers the unsubscribed list may hold. */
export const UNSUBSCRIBED_NUMBERS_MAX = 100_000;

/**
 * The longest value of a reply's geographic parameter (`FromCity`, `ToZip`…),
 * in characters; Twilio's are short place names and codes.
 */
export const REPLY_GEO_VALUE_CHARS_MAX = 100;

/** Twilio's limit on a message body, in characters (Unicode code points here). */
export const MESSAGE_BODY_CHARS_MAX = 1600;

/** Twilio's limit on the length of a webhook URL (StatusCallback, incoming message URL). */
export const WEBHOOK_URL_CHARS_MAX = 4000;

/** Twilio's bounds on ValidityPeriod, in seconds. */
export const VALIDITY_PERIOD_SECONDS_MIN = 1;
export const VALIDITY_PERIOD_SECONDS_MAX = 36_000;

/** Twilio's bounds on the list operation's PageSize. */
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 1000;

/**
 * The longest latency, hang (`hangMs`) or delivery delay the fake accepts, in
 * milliseconds: ten minutes, past any client time-out worth testing.
 */
export const DELAY_MS_MAX = 600_000;

/** The longest Retry-After the fake announces, in seconds. */
export const RETRY_AFTER_SECONDS_MAX = 3600;

/** The largest count `failNext` accepts. */
export const FAIL_NEXT_COUNT_MAX = 1_000_000;

/**
 * Longest a `GET /_fake/messages?count=N&waitMs=T` waits for N messages
 * before answering with what it has, so a test in another process can await
 * deliveries without polling.
 */
export const CONTROL_WAIT_MS_MAX = 60_000;
