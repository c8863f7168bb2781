import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PUSH_PATH, Problem, PushRequest, PushResponse } from '@tabline/protocol';
import { deviceOf, requireDevice } from '../auth/device-auth.ts';
import { ingestPush } from '../ingest/ingest-push.ts';
import { ProblemError } from '../problem-error.ts';
import type { IngestDependencies } from '../ingest/ingest-push.ts';

/**
 * POST /v1/sync/push: a batch of work items, answered with one result per
 * item. A rejected item does not fail the batch; a failure of the whole
 * request (5xx, time-out) means nothing was stored and the batch can be
 * retried as it is.
 */
export function registerSyncPushRoute(app: FastifyInstance, deps: IngestDependencies) {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    PUSH_PATH,
    {
      onRequest: requireDevice(deps.db),
      schema: {
        summary: 'Push queued work items',
        tags: ['sync'],
        security: [{ deviceToken: [] }],
        body: PushRequest,
        response: { 200: PushResponse, '4xx': Problem, '5xx': Problem },
      },
    },
    (request) => {
      if (request.body.items.length === 0 && !request.body.heartbeat) {
        throw new ProblemError('push.empty', 'The push holds no work items and no heartbeat.');
      }
      return ingestPush(deps, deviceOf(request), request.body);
    },
  );
}
