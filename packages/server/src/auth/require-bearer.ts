import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem.ts';
import { bearerToken } from './bearer-token.ts';

/**
 * An onRequest hook that lets a request in only with a bearer token `find`
 * recognises (401 `auth.token_missing` / `auth.token_invalid` otherwise),
 * before the body is read, and hands what it found to `admit`.
 */
export function requireBearer<T>(
  find: (token: string) => Promise<T | null>,
  admit: (request: FastifyRequest, found: T) => void,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) return sendProblem(reply, 'auth.token_missing');
    const found = await find(token);
    if (found === null) return sendProblem(reply, 'auth.token_invalid');
    admit(request, found);
  };
}
