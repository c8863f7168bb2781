/**
 * The longest wait a `Retry-After` header may impose. A misconfigured proxy
 * asking for days must not silence a device for the whole event.
 */
export const RETRY_AFTER_MS_MAX = 60 * 60 * 1000;

const DELAY_SECONDS = /^\s*(\d{1,9})\s*$/;

/**
 * The wait a `Retry-After` header asks for, in ms: either delay-seconds or
 * an HTTP date (RFC 9110 §10.2.3), capped at RETRY_AFTER_MS_MAX. Undefined
 * when the header is absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const seconds = DELAY_SECONDS.exec(header);
  if (seconds !== null) return Math.min(Number(seconds[1]) * 1000, RETRY_AFTER_MS_MAX);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - nowMs), RETRY_AFTER_MS_MAX);
}
