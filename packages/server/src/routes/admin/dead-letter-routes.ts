import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DeadLetterPage,
  DeadLetterQuery,
  EventParams,
  RedriveRequest,
  RedriveResult,
} from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { findDeadLetters } from '../../admin/dead-letters/find-dead-letters.ts';
import { redriveDeadLetters } from '../../admin/dead-letters/redrive-dead-letters.ts';
import { readPageQuery, toPage } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/dead-letters';

/**
 * The event's dead letters (jobs about its orders and texts that failed
 * every retry), and their redrive after a fix. Managers look after these on
 * the night: a bad deploy or an outage of the SMS provider leaves work here,
 * never lost.
 */
export function registerDeadLetterRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['jobs'];
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    PATH,
    {
      onRequest,
      schema: {
        summary: "The event's dead letters, by id (manager)",
        tags,
        security,
        params: EventParams,
        querystring: DeadLetterQuery,
        response: { 200: DeadLetterPage, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const page = readPageQuery(request.query);
      const rows = await findDeadLetters(db, eventOf(request).eventId, {
        queue: request.query.queue ?? null,
        ids: null,
        after: page.after,
        limit: page.limit + 1,
      });
      return toPage(rows, page);
    },
  );

  api.post(
    `${PATH}/redrive`,
    {
      onRequest,
      schema: {
        summary: 'Send dead letters back to their queue, to run again after a fix (manager)',
        tags,
        security,
        params: EventParams,
        body: RedriveRequest,
        response: { 200: RedriveResult, ...PROBLEM_RESPONSES },
      },
    },
    (request) => redriveDeadLetters(db, deps.jobs, eventOf(request).eventId, request.body),
  );
}
