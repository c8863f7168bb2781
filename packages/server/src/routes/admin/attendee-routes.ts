import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AttendeeDetails,
  AttendeePage,
  AttendeeParams,
  AttendeeWithWristbands,
  CreateAttendeeRequest,
  CreateHeaders,
  EventParams,
  PageQuery,
  UpdateAttendeeRequest,
} from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import {
  listAttendees,
  readAttendee,
  readAttendeeDetails,
} from '../../admin/attendees/read-attendees.ts';
import { saveAttendee } from '../../admin/attendees/save-attendee.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/attendees';

/** Attendees: managers register and look after them. Names and phones are never logged. */
export function registerAttendeeRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['attendees'];
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    PATH,
    {
      onRequest,
      schema: {
        summary: "List the event's attendees (manager)",
        tags,
        security,
        params: EventParams,
        querystring: PageQuery,
        response: { 200: AttendeePage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listAttendees(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.post(
    PATH,
    {
      onRequest,
      schema: {
        summary: 'Register an attendee (manager)',
        tags,
        security,
        params: EventParams,
        headers: CreateHeaders,
        body: CreateAttendeeRequest,
        response: { 201: AttendeeDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) =>
          saveAttendee(tx, { id, eventId }, { kind: 'create', request: request.body }),
        read: (client, id) => readAttendeeDetails(client, { id, eventId }),
      });
    },
  );

  api.get(
    `${PATH}/:attendeeId`,
    {
      onRequest,
      schema: {
        summary: 'An attendee with their wristbands (manager)',
        tags,
        security,
        params: AttendeeParams,
        response: { 200: AttendeeWithWristbands, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      readAttendee(db, { id: request.params.attendeeId, eventId: eventOf(request).eventId }),
  );

  api.patch(
    `${PATH}/:attendeeId`,
    {
      onRequest,
      schema: {
        summary: "Change an attendee's name, phone or tier (manager)",
        tags,
        security,
        params: AttendeeParams,
        body: UpdateAttendeeRequest,
        response: { 200: AttendeeDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        saveAttendee(
          tx,
          { id: request.params.attendeeId, eventId: eventOf(request).eventId },
          { kind: 'update', request: request.body },
        ),
      ),
  );
}
