import type { FastifyRequest } from 'fastify';
import { ORDERS_PATH, PUSH_PATH } from '@tabline/protocol';

/**
 * What a request is, for rate limits and load shedding:
 * - `exempt`: health, readiness and metrics. Load balancers and monitoring
 *   must reach them whatever the load, or an overloaded instance would look
 *   dead and be replaced (or look fine and go unwatched).
 * - `intake`: a device handing over sales (`POST /v1/sync/push`, and
 *   `POST /v1/orders`, its one-order twin). The money path: shed last.
 * - `other`: everything else (pulls, sign-in, pairing, admin, dashboards,
 *   unknown routes). Shed first, so intake keeps the capacity.
 */
export type RouteClass = 'exempt' | 'intake' | 'other';

const EXEMPT_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const INTAKE_ROUTES: ReadonlySet<string> = new Set([`POST ${PUSH_PATH}`, `POST ${ORDERS_PATH}`]);

/** The class of a request, from its route pattern (known before the body is read). */
export function routeClassOf(request: FastifyRequest): RouteClass {
  const route = request.routeOptions.url;
  if (route === undefined) return 'other';
  if (EXEMPT_ROUTES.has(route)) return 'exempt';
  return INTAKE_ROUTES.has(`${request.method} ${route}`) ? 'intake' : 'other';
}
