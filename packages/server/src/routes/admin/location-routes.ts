import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateHeaders,
  EventParams,
  LocationDetails,
  LocationPage,
  LocationParams,
  LocationRequest,
  PageQuery,
} from '@tabline/protocol';
import { eventOf, requireEventRole, staffSecurity } from '../../auth/staff-auth.ts';
import { listLocations } from '../../admin/locations/list-locations.ts';
import { readLocation, saveLocation } from '../../admin/locations/save-location.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/locations';

/** Locations (bars, stands): owners set them up, managers see them. */
export function registerLocationRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['locations'];

  api.get(
    PATH,
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: "List the event's locations (manager)",
        tags,
        security: staffSecurity('manager'),
        params: EventParams,
        querystring: PageQuery,
        response: { 200: LocationPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listLocations(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.post(
    PATH,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Create a location (owner)',
        tags,
        security: staffSecurity('owner'),
        params: EventParams,
        headers: CreateHeaders,
        body: LocationRequest,
        response: { 201: LocationDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) =>
          saveLocation(tx, { id, eventId, name: request.body.name, create: true }),
        read: (client, id) => readLocation(client, { id, eventId }),
      });
    },
  );

  api.patch(
    `${PATH}/:locationId`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Rename a location (owner)',
        tags,
        security: staffSecurity('owner'),
        params: LocationParams,
        body: LocationRequest,
        response: { 200: LocationDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        saveLocation(tx, {
          id: request.params.locationId,
          eventId: eventOf(request).eventId,
          name: request.body.name,
          create: false,
        }),
      ),
  );
}
