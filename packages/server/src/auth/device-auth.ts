import type { FastifyRequest } from 'fastify';
import type { SqlClient } from '@tabline/database';
import type { AuthenticatedDevice } from './authenticated-device.ts';
import { findDeviceByToken } from './find-device-by-token.ts';
import { requireBearer } from './require-bearer.ts';

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
  return requireBearer(
    (token) => findDeviceByToken(db, token),
    (request, device) => (request.device = device),
  );
}

export function deviceOf(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw new Error('Invariant violated: route needs requireDevice');
  return request.device;
}
