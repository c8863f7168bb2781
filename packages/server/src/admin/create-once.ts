import type { Database, SqlClient, Transaction } from '@tabline/database';
import { RETRY_AFTER_SECONDS } from '../error-handler.ts';
import { ProblemError } from '../problem-error.ts';

/** The Idempotency-Key of a create, scoped by who sent it, with the request's fingerprint. */
export interface CreateKey {
  readonly userId: string;
  readonly key: string;
  /** SHA-256 of the route, its parameters and the body (`requestHash`), hex. */
  readonly requestHash: string;
}

export interface Created<T> {
  readonly value: T;
  /** True when this answers a retry: `value` is what the first request created, as it is now. */
  readonly replayed: boolean;
}

/**
 * Runs a create in one transaction, at most once per Idempotency-Key, as the
 * IETF Idempotency-Key draft and Stripe do it: the same key with the same
 * request answers with what the first one created (read again, as it is
 * now); the same key with another request is refused
 * (`idempotency.key_reused`, 422). The key is claimed first, in the create's
 * own transaction, as sync pushes claim theirs: a retry arriving while the
 * first is still being written is answered 409 (`idempotency.in_flight`,
 * Retry-After), never waited on; a create that fails leaves no key behind.
 * Without a key the create simply runs.
 */
export async function createOnce<T>(
  db: Database,
  key: CreateKey | null,
  createdId: string,
  create: (tx: Transaction) => Promise<T>,
  read: (db: SqlClient, createdId: string) => Promise<T>,
): Promise<Created<T>> {
  const outcome = await db.transaction(async (tx) => {
    const replayOf = key === null ? null : await claimKey(tx, key, createdId);
    return replayOf === null ? { value: await create(tx) } : { replayOf };
  });
  if ('value' in outcome) return { value: outcome.value, replayed: false };
  return { value: await read(db, outcome.replayOf), replayed: true };
}

/** Null when the key is new (now claimed), else the id the first request created. */
async function claimKey(tx: SqlClient, key: CreateKey, createdId: string): Promise<string | null> {
  const { rows: locks } = await tx.query<{ free: boolean }>(
    `select pg_try_advisory_xact_lock(
       hashtextextended('staff-idempotency:' || $1 || ':' || $2, 0)) as free`,
    [key.userId, key.key],
  );
  if (!locks[0]!.free) {
    throw new ProblemError(
      'idempotency.in_flight',
      'A request with the same idempotency key is still being processed; retry shortly.',
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
  const { rowCount } = await tx.query(
    `insert into staff_idempotency_keys (user_id, key, request_hash, created_id)
     values ($1, $2, decode($3, 'hex'), $4) on conflict (user_id, key) do nothing`,
    [key.userId, key.key, key.requestHash, createdId],
  );
  if (rowCount === 1) return null;
  const { rows } = await tx.query<{ requestHash: string; createdId: string }>(
    `select encode(request_hash, 'hex') as "requestHash", created_id as "createdId"
     from staff_idempotency_keys where user_id = $1 and key = $2`,
    [key.userId, key.key],
  );
  const stored = rows[0]!;
  if (stored.requestHash !== key.requestHash) {
    throw new ProblemError(
      'idempotency.key_reused',
      'This Idempotency-Key was already used for another request; make a new key per create.',
    );
  }
  return stored.createdId;
}
