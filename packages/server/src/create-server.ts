import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { REQUEST_BODY_BYTES_MAX } from '@tabline/protocol';
import { handleError } from './error-handler.ts';
import { createServerMetrics, registerMetrics } from './metrics.ts';
import { sendProblem } from './problem.ts';
import { registerAdminRoutes } from './routes/admin/register-admin-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerOrdersRoute } from './routes/orders-route.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerProblemRoutes } from './routes/problem-routes.ts';
import { registerSyncPullRoute } from './routes/sync-pull-route.ts';
import { registerSyncPushRoute } from './routes/sync-push-route.ts';
import { resolveServerOptions } from './server-options.ts';
import type { ServerOptions } from './server-options.ts';

/**
 * The HTTP API. It does the least work possible per request (authenticate,
 * validate, store in one transaction, enqueue) and leaves the rest to the
 * workers, so intake stays fast whatever happens behind it.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const resolved = resolveServerOptions(options);
  const app = Fastify({
    ...(resolved.logger ? { loggerInstance: resolved.logger } : {}),
    bodyLimit: REQUEST_BODY_BYTES_MAX,
    requestIdHeader: 'x-request-id',
    // Validation is strict: no type coercion (a price of "6.50" is an error,
    // not 6), no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    trustProxy: resolved.trustProxy,
  });
  app.decorateRequest('device', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('authorizedEvent', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'route.not_found'));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tabline API',
        version: '1',
        description:
          'Offline-first cashless point of sale for live events. Errors are RFC 9457 problems with the codes in docs/ERRORS.md.',
      },
      components: {
        securitySchemes: {
          deviceToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A device token, `tl_dev_…`.',
          },
          staffSession: {
            type: 'http',
            scheme: 'bearer',
            description: 'A staff session, `tl_ses_…`.',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const metrics = createServerMetrics(resolved.jobs);
  registerMetrics(app, metrics);
  registerHealthRoutes(app, resolved.db, resolved.jobs);
  registerProblemRoutes(app);
  registerSyncPushRoute(app, { ...resolved, metrics });
  registerOrdersRoute(app, { ...resolved, metrics });
  registerSyncPullRoute(app, resolved.db);
  registerAuthRoutes(app, resolved);
  registerAdminRoutes(app, resolved);
  return app;
}
