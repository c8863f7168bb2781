import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_QUEUES_PATH, EventParams, QueueStatus } from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { readQueueStatus } from '../../admin/queues/read-queue-status.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/**
 * The event's work in the job queues, for the managers who look after dead
 * letters (`dead-letter-routes.ts`): the same role.
 */
export function registerQueueRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    EVENT_QUEUES_PATH,
    {
      onRequest,
      schema: {
        summary: "The event's jobs waiting, running and dead-lettered, by queue (manager)",
        tags: ['jobs'],
        security,
        params: EventParams,
        response: { 200: QueueStatus, ...PROBLEM_RESPONSES },
      },
    },
    (request) => readQueueStatus(db, eventOf(request).eventId),
  );
}
