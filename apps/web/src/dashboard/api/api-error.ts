/**
 * A request the API refused, or one that never got an answer. `code` is the
 * problem's stable code (docs/ERRORS.md), or `network` / `timeout` when
 * there was no answer; `message` is for people.
 *
 * The API functions throw it rather than return it, because the query
 * library the dashboard fetches with (TanStack Query) learns of a failure
 * from a rejected promise: that is what drives its retries and error state.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Codes that mean the session is over: signing in again is the only way on. */
const SESSION_ENDED_CODES: ReadonlySet<string> = new Set([
  'auth.token_missing',
  'auth.token_invalid',
]);

export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && SESSION_ENDED_CODES.has(error.code);
}

/** A refusal that asking again will not change (bad input, no such thing, no right to it). */
export function isPermanent(error: unknown): boolean {
  return (
    error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429
  );
}
