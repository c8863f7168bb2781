import type { FastifyReply } from 'fastify';
import { ERROR_CODES } from '@tabline/domain';
import type { ErrorCode } from '@tabline/domain';
import { problemType } from '@tabline/protocol';
import type { Problem } from '@tabline/protocol';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Builds an RFC 9457 problem for one of the documented error codes. */
export function problem(
  code: ErrorCode,
  detail?: string,
  errors?: Problem['errors'],
): Problem & { status: number } {
  const info = ERROR_CODES[code];
  return {
    type: problemType(code),
    title: info.description,
    status: info.httpStatus,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: Problem['errors'],
) {
  const body = problem(code, detail, errors);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
