/**
 * How the SMS sender behaves: time-outs, the circuit breaker, the bulkhead,
 * retries, the caps that bound the cost, and how late a receipt may still
 * go out. Every default is here, named; docs/LIMITS.md lists them.
 */
export interface SmsSettings {
  /** Longest one provider call (send or search) may take; then its outcome is unknown. */
  readonly timeoutMs: number;
  /** Provider calls in flight at once, per worker process (the bulkhead). */
  readonly concurrency: number;
  /** Calls that may wait for a slot; beyond that a send is put off, not queued. */
  readonly queued: number;
  /** Consecutive failed calls (unknown, not sent, 5xx) that open the circuit. */
  readonly breakerFailures: number;
  /** How long an open circuit refuses calls before one is let through to try. */
  readonly breakerHalfOpenAfterMs: number;
  /** First retry delay of a send that certainly did not go out; doubles per attempt, full jitter. */
  readonly retryBaseMs: number;
  /** Longest retry delay, and the longest `Retry-After` honoured. */
  readonly retryMaxMs: number;
  /**
   * How long after an unknown outcome the provider's records are searched:
   * time for the status callback to settle it first, and for the provider's
   * list to show a message it accepted.
   */
  readonly settleAfterMs: number;
  /** A receipt not sent within this of its order being processed is skipped, never sent late. */
  readonly lifetimeMs: number;
  /** Texts to one phone per rolling hour; beyond it receipts are skipped. */
  readonly perPhonePerHour: number;
  /** Texts to all phones per rolling minute; beyond it sends wait. */
  readonly globalPerMinute: number;
}

export const SMS_SETTINGS_DEFAULT: SmsSettings = {
  timeoutMs: 10_000,
  concurrency: 8,
  queued: 64,
  breakerFailures: 5,
  breakerHalfOpenAfterMs: 30_000,
  retryBaseMs: 2_000,
  retryMaxMs: 300_000,
  settleAfterMs: 30_000,
  lifetimeMs: 30 * 60_000,
  perPhonePerHour: 20,
  globalPerMinute: 3_000,
};

export function resolveSmsSettings(settings: Partial<SmsSettings> = {}): SmsSettings {
  const resolved = { ...SMS_SETTINGS_DEFAULT, ...settings };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`SMS setting ${name} must be a positive integer, not ${String(value)}`);
    }
  }
  // A call still running when its message is searched for could be accepted
  // after the search found nothing: the search must come after any call ends.
  if (resolved.settleAfterMs <= resolved.timeoutMs) {
    throw new Error('SMS setting settleAfterMs must exceed timeoutMs');
  }
  return resolved;
}
