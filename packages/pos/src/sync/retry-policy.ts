import type { Random } from '@tabline/domain';
import type { SyncError } from './sync-report.ts';

/**
 * What the sync loop does after a failed push, by class of error. Retry
 * policy is data: change the table, not the loop.
 *
 * - `transient`: the network, a time-out, the server busy or broken (5xx),
 *   throttling (429), a request still in flight (409), an answer a captive
 *   portal or proxy garbled. Retried with exponential backoff and full jitter,
 *   capped, and never sooner than the server's `Retry-After`. No attempt
 *   limit: the outbox holds money that has been taken, so it keeps trying.
 * - `held`: retrying the same way cannot help (credentials refused, the
 *   server calls the whole batch malformed, the local disk failing). The loop
 *   stops trying on its own, reports, and tries again on `syncNow()`, when
 *   connectivity changes, or after `heldRetryMs`.
 *
 * Rejections of single work items are not errors of the push: the engine
 * parks those items and carries on with the rest.
 */
export type ErrorClass = 'transient' | 'held';

export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const RETRY_POLICIES: Readonly<Record<ErrorClass, RetryPolicy>> = {
  transient: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
  held: { baseDelayMs: 10 * 60_000, maxDelayMs: 10 * 60_000 },
};

/** HTTP statuses that say "later", not "never". */
const TRANSIENT_HTTP_STATUSES = new Set([408, 409, 425, 429]);

export function classifySyncError(error: SyncError): ErrorClass {
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'invalid-response':
    case 'aborted':
      return 'transient';
    case 'http':
      return error.status !== undefined &&
        (error.status >= 500 || TRANSIENT_HTTP_STATUSES.has(error.status))
        ? 'transient'
        : 'held';
    case 'storage':
      return 'held';
    default: {
      const unreachable: never = error;
      throw new Error(`Unhandled sync error ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The wait before attempt `attempt` (1 for the first retry): full jitter
 * (a uniform draw from 0 to the exponential bound, as AWS's architecture blog
 * recommends, so a fleet coming back online does not retry in lockstep),
 * capped, and at least the server's Retry-After.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: Random,
  retryAfterMs: number | undefined,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const jittered = Math.floor(random.next() * bound);
  return Math.max(jittered, retryAfterMs ?? 0);
}
