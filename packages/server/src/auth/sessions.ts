import type { SqlClient } from '@tabline/database';
import type { Clock, StaffRole } from '@tabline/domain';
import { ProblemError } from '../problem-error.ts';
import { normalizeEmail } from '../admin/upsert-staff-user.ts';
import {
  SIGN_IN_PER_ACCOUNT,
  SIGN_IN_PER_ADDRESS,
  recordAuthFailure,
  throttledForMs,
} from './auth-throttle.ts';
import { hashToken, makeToken } from './bearer-token.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { PasswordCost } from './password.ts';

/** A staff session lasts a working day and a bit: one shift, then sign in again. */
export const SESSION_VALID_MS = 14 * 60 * 60_000;

export interface SignedIn {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: {
    readonly id: string;
    readonly name: string;
    readonly organisationId: string;
    readonly organisationRole: StaffRole | null;
  };
}

/**
 * Checks an email and password and opens a session. Throttled per account and
 * per address before the password is even looked at; an unknown email costs
 * the same hash as a wrong password, so timing tells nothing.
 */
export async function signIn(
  db: SqlClient,
  deps: { clock: Clock; newId: () => string; passwordCost: PasswordCost },
  attempt: { email: string; password: string; address: string },
): Promise<SignedIn> {
  const email = normalizeEmail(attempt.email);
  const subjects = [
    { rule: SIGN_IN_PER_ACCOUNT, subject: email },
    { rule: SIGN_IN_PER_ADDRESS, subject: attempt.address },
  ];
  const now = deps.clock.now();
  const waitMs = await throttledForMs(db, now, subjects);
  if (waitMs > 0) {
    throw new ProblemError('auth.throttled', 'Too many failed sign-ins; wait and try again.', {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    });
  }
  const { rows } = await db.query<SignedIn['user'] & { passwordHash: string }>(
    `select id, name, organisation_id as "organisationId",
            organisation_role as "organisationRole", password_hash as "passwordHash"
     from staff_users where email = $1 and disabled_at is null`,
    [email],
  );
  const user = rows[0];
  const matches = await verifyPassword(
    attempt.password,
    user?.passwordHash ?? (await dummyHash(deps.passwordCost)),
  );
  if (!user || !matches) {
    await recordAuthFailure(db, now, subjects);
    throw new ProblemError('auth.credentials_invalid', 'The email or the password is wrong.');
  }
  const token = makeToken('session');
  // Expiry is the database's time, as every check of it is.
  const session = await db.query<{ expiresAt: Date }>(
    `insert into staff_sessions (id, user_id, token_hash, expires_at)
     values ($1, $2, $3, now() + make_interval(secs => $4 / 1000.0))
     returning expires_at as "expiresAt"`,
    [deps.newId(), user.id, hashToken(token), SESSION_VALID_MS],
  );
  const { passwordHash: _, ...profile } = user;
  return { token, expiresAt: session.rows[0]!.expiresAt, user: profile };
}

/** Ends a session; its token stops working at once. */
export async function signOut(db: SqlClient, sessionId: string): Promise<void> {
  await db.query(
    'update staff_sessions set revoked_at = now() where id = $1 and revoked_at is null',
    [sessionId],
  );
}

const dummyHashes = new Map<string, Promise<string>>();

/** A hash of nothing anyone knows, at the configured cost, made once. */
function dummyHash(cost: PasswordCost): Promise<string> {
  const key = `${cost.log2N}/${cost.r}/${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword('not a password: unknown account', cost);
    dummyHashes.set(key, hash);
  }
  return hash;
}
