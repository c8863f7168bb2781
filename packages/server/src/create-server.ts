import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { REQUEST_BODY_BYTES_MAX } from '@tabline/protocol';
import { PATH_PARAMETER_LENGTH_MAX, handleError, handleFrameworkError } from './error-handler.ts';
import { registerGracefulShutdown } from './graceful-shutdown.ts';
import { registerLoadSignal } from './load/load-reading.ts';
import { registerLoadShedding } from './load/load-shedding.ts';
import { registerRateLimits } from './load/rate-limits.ts';
import { createServerMetrics, registerMetrics } from './metrics.ts';
import type { ServerMetrics } from './metrics.ts';
import { sendProblem } from './problem.ts';
import { rejectUnstorableText } from './reject-unstorable-text.ts';
import { registerAdminRoutes } from './routes/admin/register-admin-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerOrdersRoute } from './routes/orders-route.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerProblemRoutes } from './routes/problem-routes.ts';
import { registerSmsWebhookRoutes } from './routes/sms-webhook-routes.ts';
import { registerSyncPullRoute } from './routes/sync-pull-route.ts';
import { registerSyncPushRoute } from './routes/sync-push-route.ts';
import { registerWebAppRoutes } from './routes/web-app-routes.ts';
import { withTransactionRetries } from './retrying-database.ts';
import { serverFaultsOn } from './server-faults.ts';
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
    // Requests arriving while closing get a problem document from
    // registerGracefulShutdown instead of Fastify's plain 503.
    return503OnClosing: false,
    trustProxy: resolved.trustProxy,
    routerOptions: { maxParamLength: PATH_PARAMETER_LENGTH_MAX },
    frameworkErrors: handleFrameworkError,
  });
  warnOfFaults(app, serverFaultsOn(resolved.faults));
  const metrics = createServerMetrics(resolved.jobs, resolved.db);
  const db = withTransactionRetries(resolved.db, resolved.transactionRetry, resolved.random, {
    onRetry: (error, attempt) => {
      metrics.transactionRetry('retried');
      app.log.warn(
        { err: error, attempt },
        'transient database error; running the transaction again',
      );
    },
    onGiveUp: () => metrics.transactionRetry('gave_up'),
  });
  const deps = { ...resolved, db, metrics };
  await registerLoadProtection(app, deps);
  app.decorateRequest('device', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('authorizedEvent', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'route.not_found'));
  app.addHook('preValidation', rejectUnstorableText);

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

  registerMetrics(app, metrics);
  registerHealthRoutes(app, db, resolved.jobs);
  registerProblemRoutes(app);
  registerSyncPushRoute(app, deps);
  registerOrdersRoute(app, deps);
  registerSyncPullRoute(app, db);
  registerAuthRoutes(app, deps);
  registerAdminRoutes(app, deps);
  if (resolved.smsWebhooks) await registerSmsWebhookRoutes(app, db, resolved.smsWebhooks);
  if (resolved.webAppsDir !== null) await registerWebAppRoutes(app, resolved.webAppsDir);
  return app;
}

/** Says loudly, once at start, that this server breaks its guarantees on purpose. */
function warnOfFaults(app: FastifyInstance, faults: readonly string[]) {
  if (faults.length === 0) return;
  app.log.warn(
    { faults },
    `FAULT INJECTION ON (${faults.join(', ')}): this server breaks its guarantees on purpose, ` +
      'for testing only. Never run it with real sales.',
  );
}

/**
 * The hooks that refuse a request before it costs anything, in this order:
 * shutting down (503), rate limits per address and per device (429
 * `request.rate_limited`), load shedding by route class (429
 * `server.overloaded`). Added before any route, so they run before each
 * route's own authentication.
 */
async function registerLoadProtection(
  app: FastifyInstance,
  deps: ReturnType<typeof resolveServerOptions> & { metrics: ServerMetrics },
) {
  const { metrics } = deps;
  registerGracefulShutdown(app, deps.shutdownGraceMs, () => metrics.refused('shutting_down'));
  await registerRateLimits(app, deps.rateLimits, (name) =>
    metrics.refused(name === 'perDevice' ? 'rate_limit_device' : 'rate_limit_address'),
  );
  const signal = deps.loadSignal ?? (await registerLoadSignal(app, deps.db));
  registerLoadShedding(app, deps.loadShedding, signal, (reason) =>
    metrics.refused(`shed_${reason}`),
  );
}
