import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SqlClient } from '@tabline/database';
import { sendProblem } from '../problem.ts';
import type { AuthenticatedDevice } from './authenticated-device.ts';
import { bearerToken } from './bearer-token.ts';
import { findDeviceByToken } from './find-device-by-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireDevice` on routes devices call. */
    device: AuthenticatedDevice | null;
  }
}

/**
 * An onRequest hook that lets in only a device with a live token, before the
 * body is even read. Everything the route does afterwards is scoped by
 * `request.device`'s event.
 */
export function requireDevice(db: SqlClient) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) return sendProblem(reply, 'auth.token_missing');
    const device = await findDeviceByToken(db, token);
    if (!device) return sendProblem(reply, 'auth.token_invalid');
    request.device = device;
  };
}

export function deviceOf(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw new Error('Invariant violated: route needs requireDevice');
  return request.device;
}
