import type { Database, SqlClient } from '@tabline/database';
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
 * own transaction: a retry arriving while the first is still being written
 * waits for it, then gets its answer, and a create that fails leaves no key
 * behind. Without a key the create simply runs.
 */
export async function createOnce<T>(
  db: Database,
  key: CreateKey | null,
  createdId: string,
  create: (tx: SqlClient) => Promise<T>,
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
