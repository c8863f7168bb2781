import type { ErrorCode } from '@tabline/domain';
import type { Problem } from '@tabline/protocol';

/**
 * Thrown by a route to answer with a documented problem; the error handler
 * turns it into the RFC 9457 response. For refusals a schema cannot express.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly code: ErrorCode;
  /** Sent as `Retry-After` (throttling, overload). */
  readonly retryAfterSeconds: number | undefined;
  /** Where the request is wrong, as a schema failure lists it (`request.invalid`, `promotion.invalid`). */
  readonly errors: Problem['errors'];

  constructor(
    code: ErrorCode,
    detail: string,
    options: { retryAfterSeconds?: number; errors?: Problem['errors'] } = {},
  ) {
    super(detail);
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.errors = options.errors;
  }
}
