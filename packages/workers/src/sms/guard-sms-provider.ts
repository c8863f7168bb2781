import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhenResult,
  timeout,
  wrap,
} from 'cockatiel';
import type { Clock } from '@tabline/domain';
import type { SmsFindOutcome, SmsProvider, SmsSendOutcome } from './sms-provider.ts';
import type { SmsSettings } from './sms-settings.ts';

/** The provider behind its guards, and whether calls are being let through. */
export interface GuardedSmsProvider extends SmsProvider {
  /** False while the circuit is open and its wait not over: calls would be refused. */
  accepting(): boolean;
}

/**
 * A change of the breaker's state: `open` (calls refused for `openForMs`),
 * `half-open` (a trial call let through), `closed` (calls go through).
 */
export type SmsBreakerChange =
  | { readonly state: 'open'; readonly openForMs: number }
  | { readonly state: 'half-open' | 'closed' };

/** Outcomes that say the provider is failing (not a refusal of one message). */
const isFailure = (outcome: unknown): boolean => {
  const kind = (outcome as SmsSendOutcome | SmsFindOutcome).kind;
  return kind === 'unknown' || kind === 'not-sent' || kind === 'unavailable';
};

/**
 * Every call to the SMS provider goes through three guards (cockatiel):
 * - a bulkhead: at most `concurrency` calls at once and `queued` waiting, so
 *   a provider that hangs holds a bounded number of sockets and jobs;
 * - a circuit breaker: after `breakerFailures` failed calls in a row, calls
 *   are refused at once for `breakerHalfOpenAfterMs`, then one is let
 *   through to try; a provider that is down is not hammered;
 * - a time-out of seconds, which aborts the request (the outcome of a send
 *   cut off after it left is unknown, and settled later, never resent blind).
 *   It runs from the moment the call is made and covers the waits for a slot
 *   and for the breaker's trial call, so every call is over within
 *   `timeoutMs` of being made: the sender searches for a message whose
 *   outcome it lost `settleAfterMs` after claiming it, and that search must
 *   not miss a request still on its way.
 * A call refused by a guard, or whose time ran out before it could be made,
 * never left: it reports `not-sent`/`unavailable`.
 *
 * `clock` must tell the wall clock's time: cockatiel times its own wait on
 * the wall clock, and `accepting` must agree with it on when the wait is over.
 * `onBreakerChange` hears each change of the breaker's state (the workers
 * record it for the dashboard); it must not throw.
 */
export function guardSmsProvider(
  provider: SmsProvider,
  settings: SmsSettings,
  clock: Clock,
  onBreakerChange: (change: SmsBreakerChange) => void = () => {},
): GuardedSmsProvider {
  const breaker = circuitBreaker(handleWhenResult(isFailure), {
    halfOpenAfter: settings.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breakerFailures),
  });
  // The breaker moves from open to half-open only when a call is made after
  // the wait, so "accepting" must say so once the wait is over. (cockatiel
  // times the wait with Date.now; the clock given must be the wall clock.)
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = clock.now();
    onBreakerChange({ state: 'open', openForMs: settings.breakerHalfOpenAfterMs });
  });
  breaker.onHalfOpen(() => onBreakerChange({ state: 'half-open' }));
  breaker.onReset(() => onBreakerChange({ state: 'closed' }));
  const policy = wrap(
    timeout(settings.timeoutMs, TimeoutStrategy.Cooperative),
    bulkhead(settings.concurrency, settings.queued),
    breaker,
  );
  const guarded = async <T>(
    call: (signal: AbortSignal) => Promise<T>,
    refused: (message: string) => T,
    signal: AbortSignal,
  ): Promise<T> => {
    try {
      return await policy.execute(({ signal: timeoutSignal }) =>
        call(AbortSignal.any([signal, timeoutSignal])),
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) return refused('circuit open: provider failing');
      if (error instanceof BulkheadRejectedError) return refused('too many calls in flight');
      // Thrown by the bulkhead or the breaker, before the call was made.
      if (error instanceof TaskCancelledError) return refused('timed out before the call was made');
      throw error;
    }
  };
  return {
    accepting: () =>
      breaker.state !== CircuitState.Open ||
      clock.now() - openedAt >= settings.breakerHalfOpenAfterMs,
    send: (message, signal) =>
      guarded(
        (s) => provider.send(message, s),
        (why): SmsSendOutcome => ({ kind: 'not-sent', message: why }),
        signal,
      ),
    find: (search, signal) =>
      guarded(
        (s) => provider.find(search, s),
        (why): SmsFindOutcome => ({ kind: 'unavailable', message: why }),
        signal,
      ),
  };
}
