import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_TABS_PATH, EventParams, TabListQuery, TabPage } from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { listTabs } from '../../admin/tabs/list-tabs.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/** Attendees' tabs with what each owes, from the ledger, for managers. */
export function registerTabRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    EVENT_TABS_PATH,
    {
      onRequest,
      schema: {
        summary: "The event's tabs with their balance from the ledger, searchable (manager)",
        tags: ['tabs'],
        security,
        params: EventParams,
        querystring: TabListQuery,
        response: { 200: TabPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      listTabs(db, eventOf(request).eventId, request.query.q ?? null, readPageQuery(request.query)),
  );
}
