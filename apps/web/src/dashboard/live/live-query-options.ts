import { isPermanent } from '../api/api-error.ts';

/**
 * How the dashboard keeps its figures live, through TanStack Query:
 *
 * - Every LIVE_REFRESH_MS a live query asks again. A poll never overlaps
 *   the one before: while a request is in flight, the next tick joins it
 *   instead of sending another. Each request is cut off after
 *   REQUEST_TIMEOUT_MS (api-client.ts), so a hung one cannot hold polling up.
 * - A failed poll is retried with exponential backoff and jitter, from
 *   LIVE_REFRESH_MS up to LIVE_RETRY_DELAY_MS_MAX, so a struggling server
 *   is not hammered by every open dashboard at once. The figures on screen
 *   stay, marked stale (`Freshness`).
 * - While the tab is hidden, nothing is polled and retries wait; coming
 *   back to the tab asks at once.
 */
export const LIVE_REFRESH_MS = 2_500;

/** The longest wait between two tries of a failing poll. */
export const LIVE_RETRY_DELAY_MS_MAX = 30_000;

/** Tries of one failing poll before it gives up until the next tick: about an hour. */
export const LIVE_RETRIES_MAX = 120;

/**
 * How often a count beside a section's name in the sidebar (alerts, dead
 * letters) is asked for while its page is not open: it only has to catch
 * the eye, and every open dashboard asks.
 */
export const NAV_BADGE_REFRESH_MS = 15_000;

/** Figures older than this are marked stale, whatever the reason. */
export const STALE_AFTER_MS = 10_000;

export const liveQueryOptions = {
  refetchInterval: LIVE_REFRESH_MS,
  refetchIntervalInBackground: false,
  refetchOnWindowFocus: true,
  retry: (failureCount: number, error: Error) =>
    failureCount < LIVE_RETRIES_MAX && !isPermanent(error),
  retryDelay: liveRetryDelayMs,
} as const;

/**
 * Exponential backoff with jitter: a random wait between half the refresh
 * interval and the attempt's cap, so dashboards that failed together do not
 * all come back together.
 */
export function liveRetryDelayMs(failureCount: number): number {
  const capMs = Math.min(LIVE_REFRESH_MS * 2 ** failureCount, LIVE_RETRY_DELAY_MS_MAX);
  return LIVE_REFRESH_MS / 2 + Math.random() * (capMs - LIVE_REFRESH_MS / 2);
}
