/**
 * Database errors that say "try again", not "you are wrong": the request can
 * be retried whole with the same idempotency keys. Keyed by SQLSTATE, as
 * graphile-worker's RETRYABLE_ERROR_CODES are, each with its class:
 *
 * - `conflict`: this transaction lost a race with another one; running it
 *   again at once will very likely succeed.
 * - `connection`: the connection broke (network, server restart); a new
 *   connection will very likely work.
 * - `overload`: the database is saturated (no connection free in time, too
 *   many connections, a statement cancelled at its time-out); running it
 *   again now only adds to the load, so the client is told to come back.
 *
 * The server retries the first two around whole transactions
 * (`retrying-database.ts`); all three are answered 503 with Retry-After when
 * retrying does not help.
 */
export type TransientErrorClass = 'conflict' | 'connection' | 'overload';

const TRANSIENT_SQLSTATES: ReadonlyMap<string, TransientErrorClass> = new Map([
  ['40001', 'conflict'], // serialization_failure
  ['40P01', 'conflict'], // deadlock_detected
  ['57P01', 'connection'], // admin_shutdown (also pg_terminate_backend)
  ['57P02', 'connection'], // crash_shutdown
  ['57P03', 'connection'], // cannot_connect_now (starting up, shutting down)
  ['53300', 'overload'], // too_many_connections
  ['57014', 'overload'], // query_canceled (statement time-out)
]);

/** SQLSTATE class 08: connection_exception. */
const CONNECTION_SQLSTATE_CLASS = '08';

const TRANSIENT_NODE_CODES: ReadonlyMap<string, TransientErrorClass> = new Map([
  ['ECONNREFUSED', 'connection'],
  ['ECONNRESET', 'connection'],
  ['EPIPE', 'connection'],
  ['ETIMEDOUT', 'connection'],
]);

const TRANSIENT_MESSAGES: readonly (readonly [RegExp, TransientErrorClass])[] = [
  [/Connection terminated/i, 'connection'],
  [/Client has encountered a connection error/i, 'connection'],
  [/terminating connection/i, 'connection'],
  // node-postgres's pool waited connectionTimeoutMs for a free connection.
  [/timeout exceeded when trying to connect/i, 'overload'],
];

/** The class of a transient database error, or null for any other error. */
export function transientErrorClass(error: unknown): TransientErrorClass | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const known = TRANSIENT_SQLSTATES.get(code) ?? TRANSIENT_NODE_CODES.get(code);
    if (known) return known;
    if (code.startsWith(CONNECTION_SQLSTATE_CLASS)) return 'connection';
  }
  return TRANSIENT_MESSAGES.find(([pattern]) => pattern.test(error.message))?.[1] ?? null;
}

export function isTransientDatabaseError(error: unknown): boolean {
  return transientErrorClass(error) !== null;
}
