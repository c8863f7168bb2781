/**
 * Database errors that say "try again", not "you are wrong": the request can
 * be retried whole with the same idempotency keys. Keyed by SQLSTATE, as
 * graphile-worker's RETRYABLE_ERROR_CODES are.
 */
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '57014', // query_canceled (statement time-out)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

const TRANSIENT_SQLSTATE_CLASSES = ['08']; // connection_exception

const TRANSIENT_NODE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
    if (TRANSIENT_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix))) return true;
  }
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(error.message));
}
