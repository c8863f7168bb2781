import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { GeneratorFn } from 'cockatiel';
import type { Database } from '@tabline/database';
import type { Random } from '@tabline/domain';
import { transientErrorClass } from './transient-database-error.ts';
import type { TransientErrorClass } from './transient-database-error.ts';

/**
 * How a transaction that failed with a transient error is run again: up to
 * `retriesMax` more times, each after a wait drawn uniformly from zero to an
 * exponentially growing ceiling (`delayMsBase`, doubling, at most
 * `delayMsMax`: "full jitter"), so the retries of many requests that failed
 * together spread out instead of colliding again.
 */
export interface TransactionRetryPolicy {
  readonly retriesMax: number;
  readonly delayMsBase: number;
  readonly delayMsMax: number;
}

/**
 * Three retries, waiting 350 ms in all at most (ceilings of 50, 100 and
 * 200 ms): well inside the POS's 5 s request time-out, so a hiccup is
 * absorbed here and the device never sees it; a longer outage is answered
 * 503 with Retry-After and the device comes back.
 */
export const TRANSACTION_RETRY_DEFAULT: TransactionRetryPolicy = {
  retriesMax: 3,
  delayMsBase: 50,
  delayMsMax: 500,
};

/**
 * Which transient errors a re-run can fix. Overload is not retried here:
 * running the transaction again at once would add to what saturates the
 * database; the client is told to come back after Retry-After instead.
 */
export const RETRIED_ERROR_CLASSES: ReadonlySet<TransientErrorClass> = new Set([
  'conflict',
  'connection',
]);

export interface TransactionRetryEvents {
  /** A transaction failed with a retryable error and will run again. */
  onRetry?(error: unknown, attempt: number): void;
  /** A transaction failed with a retryable error once more and was given up. */
  onGiveUp?(error: unknown): void;
}

/**
 * The same database, whose `transaction(fn)` is retried whole on a transient
 * conflict or connection error: `fn` runs again from the start, in a new
 * transaction on a (possibly new) connection, with the very same inputs, so
 * every idempotency key and id it writes is the same. That is only correct
 * because a failed transaction leaves nothing behind, and because `fn`
 * touches nothing but the database: transaction functions must not call the
 * outside world. Any other error is thrown at once. Single statements
 * (`query`) are not retried.
 */
export function withTransactionRetries(
  db: Database,
  policy: TransactionRetryPolicy,
  random: Random,
  events: TransactionRetryEvents = {},
): Database {
  const retrying = retry(
    handleWhen((error) => {
      const errorClass = transientErrorClass(error);
      return errorClass !== null && RETRIED_ERROR_CLASSES.has(errorClass);
    }),
    {
      maxAttempts: policy.retriesMax,
      backoff: new ExponentialBackoff({
        generator: fullJitter(random),
        initialDelay: policy.delayMsBase,
        maxDelay: policy.delayMsMax,
      }),
    },
  );
  retrying.onRetry((event) => {
    if ('error' in event) events.onRetry?.(event.error, event.attempt);
  });
  retrying.onGiveUp((event) => {
    if ('error' in event) events.onGiveUp?.(event.error);
  });
  return {
    kind: db.kind,
    query: (text, params) => db.query(text, params),
    exec: (script) => db.exec(script),
    transaction: (fn) => retrying.execute(() => db.transaction(fn)),
    stats: () => db.stats(),
    close: () => db.close(),
  };
}

/** Full jitter: uniform in [0, min(maxDelay, initialDelay × 2^attempt)). State: the attempt. */
function fullJitter(random: Random): GeneratorFn<number> {
  return (attempt = 0, options) => {
    const ceiling = Math.min(options.maxDelay, options.initialDelay * options.exponent ** attempt);
    return [random.next() * ceiling, attempt + 1];
  };
}
