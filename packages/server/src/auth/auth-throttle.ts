import type { SqlClient } from '@tabline/database';

/**
 * Guessing is throttled by counting failures, in the database so every API
 * process sees the same count: within `windowMs`, at most `max` failures per
 * subject (an account, an address). Once there, further attempts are refused
 * before any password is checked, until the oldest failure leaves the window.
 * Success does not reset a count: a guesser who gets lucky once has still
 * spent their attempts.
 */
export interface ThrottleRule {
  readonly scope: 'sign-in:account' | 'sign-in:address' | 'pairing:address';
  readonly max: number;
  readonly windowMs: number;
}

export const SIGN_IN_PER_ACCOUNT: ThrottleRule = {
  scope: 'sign-in:account',
  max: 10,
  windowMs: 15 * 60_000,
};
export const SIGN_IN_PER_ADDRESS: ThrottleRule = {
  scope: 'sign-in:address',
  max: 50,
  windowMs: 15 * 60_000,
};
export const PAIRING_PER_ADDRESS: ThrottleRule = {
  scope: 'pairing:address',
  max: 20,
  windowMs: 15 * 60_000,
};

/** Failures are kept this long at most, then deleted as new ones are recorded. */
export const AUTH_FAILURES_KEPT_MS = 24 * 60 * 60_000;

/**
 * Milliseconds until every subject may try again under its rule, or 0 if
 * all may now: one indexed query per rule.
 */
export async function throttledForMs(
  db: SqlClient,
  nowMs: number,
  checks: readonly { rule: ThrottleRule; subject: string }[],
): Promise<number> {
  let waitMs = 0;
  for (const { rule, subject } of checks) {
    // The max-th most recent failure in the window: when it leaves, one more try is allowed.
    const { rows } = await db.query<{ failedAt: Date }>(
      `select failed_at as "failedAt" from auth_failures
       where scope = $1 and subject = $2 and failed_at > to_timestamp($3 / 1000.0)
       order by failed_at desc offset $4 - 1 limit 1`,
      [rule.scope, subject, nowMs - rule.windowMs, rule.max],
    );
    const blocking = rows[0];
    if (blocking) waitMs = Math.max(waitMs, blocking.failedAt.getTime() + rule.windowMs - nowMs);
  }
  return Math.max(0, Math.ceil(waitMs));
}

/** Counts one failure against each subject, and forgets failures too old to matter. */
export async function recordAuthFailure(
  db: SqlClient,
  nowMs: number,
  subjects: readonly { rule: ThrottleRule; subject: string }[],
): Promise<void> {
  await db.query(
    `with gone as (delete from auth_failures where failed_at < to_timestamp($4 / 1000.0))
     insert into auth_failures (scope, subject, failed_at)
     select scope, subject, to_timestamp($3 / 1000.0)
     from unnest($1::text[], $2::text[]) as s (scope, subject)`,
    [
      subjects.map((s) => s.rule.scope),
      subjects.map((s) => s.subject),
      nowMs,
      nowMs - AUTH_FAILURES_KEPT_MS,
    ],
  );
}
