import type { Random } from '@tabline/domain';
import type { SmsSettings } from './sms-settings.ts';

/**
 * Exponential backoff with full jitter (a uniform draw up to the capped
 * exponential), so that messages put off together do not come back together.
 */
export function backoffMs(settings: SmsSettings, random: Random, retry: number): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(retry, 30));
  return Math.round(random.next() * ceiling);
}

/**
 * After a 429: the provider's `Retry-After` when it gave one (capped), but
 * never sooner than the jittered backoff would say.
 */
export function throttledMs(
  settings: SmsSettings,
  random: Random,
  retry: number,
  retryAfterMs: number | null,
): number {
  const jittered = backoffMs(settings, random, retry);
  return retryAfterMs === null
    ? jittered
    : Math.max(Math.min(retryAfterMs, settings.retryMaxMs), jittered);
}

/**
 * While the circuit is open, a send waits for the next trial call to have
 * been made: between one and two half-open waits, spread at random. The
 * breaker is the backoff here: once a trial call succeeds, every message
 * put off goes out within two waits of the recovery.
 */
export function circuitOpenMs(settings: SmsSettings, random: Random): number {
  return Math.round(settings.breakerHalfOpenAfterMs * (1 + random.next()));
}

/** Over the global cap, a send comes back after this long plus up to OVER_CAP_SPREAD_MS. */
export const OVER_CAP_WAIT_MS = 5_000;
export const OVER_CAP_SPREAD_MS = 10_000;

/** Over the global cap: come back within a few seconds, spread out. */
export function overGlobalCapMs(random: Random): number {
  return Math.round(OVER_CAP_WAIT_MS + random.next() * OVER_CAP_SPREAD_MS);
}
