import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describeValidation } from './describe-validation.ts';
import { ProblemError } from './problem-error.ts';
import { sendProblem } from './problem.ts';
import { isTransientDatabaseError } from './transient-database-error.ts';

/** The longest path parameter the router matches (Fastify's `maxParamLength`). */
export const PATH_PARAMETER_LENGTH_MAX = 100;

/** Seconds a client should wait before retrying after a transient failure. */
export const RETRY_AFTER_SECONDS = 1;

/** Most validation errors listed in one problem answer. */
const VALIDATION_ERRORS_MAX = 20;

/**
 * Turns every error into an RFC 9457 problem with a documented code. Client
 * mistakes are 4xx and change nothing; transient database trouble is 503 with
 * Retry-After; anything else is a 500 logged with its stack.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ProblemError) {
    if (error.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(
      reply,
      error.code,
      error.message,
      error.errors?.slice(0, VALIDATION_ERRORS_MAX),
    );
  }
  if (error.validation) {
    const errors = describeValidation(error.validation).slice(0, VALIDATION_ERRORS_MAX);
    return sendProblem(reply, 'request.invalid', error.message, errors);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(reply, 'request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(reply, 'request.unsupported_media_type');
    default:
      break;
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return sendProblem(reply, 'request.invalid', error.message);
  }
  if (isTransientDatabaseError(error)) {
    request.log.warn({ err: error }, 'transient database error');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, 'server.unavailable');
  }
  request.log.error({ err: error }, 'unexpected error');

  return sendProblem(reply, 'server.internal');
}

/**
 * Errors the router meets before any route or hook runs (a URL that does not
 * decode, a path parameter over PATH_PARAMETER_LENGTH_MAX), answered as
 * problems like every other error, not in Fastify's own JSON.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      void sendProblem(reply, 'request.invalid', 'The URL is not percent-encoded UTF-8.');
      return;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      void sendProblem(
        reply,
        'request.invalid',
        `A path parameter is longer than ${PATH_PARAMETER_LENGTH_MAX} characters.`,
      );
      return;
    default:
      request.log.error({ err: error }, 'unexpected router error');
      void sendProblem(reply, 'server.internal');
  }
}
