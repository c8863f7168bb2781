import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateEventRequest,
  CreateHeaders,
  EVENTS_PATH,
  EventDetails,
  EventPage,
  EventParams,
  PageQuery,
  UpdateEventRequest,
} from '@tabline/protocol';
import {
  eventOf,
  requireEventRole,
  requireOrganisationRole,
  requireStaff,
  staffOf,
  staffSecurity,
} from '../../auth/staff-auth.ts';
import { createEvent } from '../../admin/events/create-event.ts';
import { listEvents } from '../../admin/events/list-events.ts';
import { readEvent } from '../../admin/events/read-event.ts';
import { updateEvent } from '../../admin/events/update-event.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/** Events: an owner of the organisation creates them; staff see those they have a role for. */
export function registerEventRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['events'];

  api.post(
    EVENTS_PATH,
    {
      onRequest: requireOrganisationRole(db, 'owner'),
      schema: {
        summary: 'Create an event (owner of the organisation)',
        tags,
        security: staffSecurity('owner'),
        headers: CreateHeaders,
        body: CreateEventRequest,
        response: { 201: EventDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { organisationId } = staffOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) => createEvent(tx, { id, organisationId, request: request.body }),
        read: (client, id) => readEvent(client, { eventId: id, organisationId, role: 'owner' }),
      });
    },
  );

  api.get(
    EVENTS_PATH,
    {
      onRequest: requireStaff(db),
      schema: {
        summary: 'List the events the caller has a role for',
        tags,
        security: staffSecurity('cashier'),
        querystring: PageQuery,
        response: { 200: EventPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listEvents(db, staffOf(request), readPageQuery(request.query)),
  );

  api.get(
    `${EVENTS_PATH}/:eventId`,
    {
      onRequest: requireEventRole(db, 'cashier'),
      schema: {
        summary: "An event, with the caller's role for it",
        tags,
        security: staffSecurity('cashier'),
        params: EventParams,
        response: { 200: EventDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) => readEvent(db, eventOf(request)),
  );

  api.patch(
    `${EVENTS_PATH}/:eventId`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Change an event: name, time zone, offline rules (owner)',
        tags,
        security: staffSecurity('owner'),
        params: EventParams,
        body: UpdateEventRequest,
        response: { 200: EventDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) => db.transaction((tx) => updateEvent(tx, eventOf(request), request.body)),
  );
}
