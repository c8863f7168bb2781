import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateHeaders,
  CreateStaffRequest,
  EventRoleRequest,
  PageQuery,
  STAFF_PATH,
  StaffDetails,
  StaffEventRoleParams,
  StaffPage,
  StaffParams,
  UpdateStaffRequest,
} from '@tabline/protocol';
import { hashPassword } from '../../auth/password.ts';
import { organisationRoleGuard, staffOf } from '../../auth/staff-auth.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { changeStaff } from '../../admin/staff/change-staff.ts';
import type { StaffChange } from '../../admin/staff/change-staff.ts';
import { createStaff } from '../../admin/staff/create-staff.ts';
import { listStaff } from '../../admin/staff/list-staff.ts';
import { setStaffEventRole } from '../../admin/staff/set-staff-event-role.ts';
import { readStaff } from '../../admin/staff/staff-details.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/**
 * Staff management, by an owner of the whole organisation: accounts, their
 * organisation-wide role, their role per event, password resets, disabling.
 * Another organisation's staff are answered 404, as absent ones.
 */
export function registerStaffRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['staff'];
  const { onRequest, security } = organisationRoleGuard(db, 'owner');
  const member = (request: Parameters<typeof staffOf>[0] & { params: { userId: string } }) => ({
    organisationId: staffOf(request).organisationId,
    userId: request.params.userId,
  });

  api.get(
    STAFF_PATH,
    {
      onRequest,
      schema: {
        summary: "List the organisation's staff (owner)",
        tags,
        security,
        querystring: PageQuery,
        response: { 200: StaffPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listStaff(db, staffOf(request).organisationId, readPageQuery(request.query)),
  );

  api.post(
    STAFF_PATH,
    {
      onRequest,
      schema: {
        summary: 'Create a staff account with an initial password (owner)',
        tags,
        security,
        headers: CreateHeaders,
        body: CreateStaffRequest,
        response: { 201: StaffDetails, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { organisationId } = staffOf(request);
      // Hashed before the transaction, which would otherwise wait on it.
      const passwordHash = await hashPassword(request.body.password, deps.passwordCost);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) =>
          createStaff(tx, { id, organisationId, request: request.body, passwordHash }),
        read: (client, userId) => readStaff(client, { organisationId, userId }),
      });
    },
  );

  api.get(
    `${STAFF_PATH}/:userId`,
    {
      onRequest,
      schema: {
        summary: 'A member of staff with their roles (owner)',
        tags,
        security,
        params: StaffParams,
        response: { 200: StaffDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) => readStaff(db, member(request)),
  );

  api.patch(
    `${STAFF_PATH}/:userId`,
    {
      onRequest,
      schema: {
        summary:
          'Rename, change the organisation-wide role of, or set a new password for a member of staff (owner)',
        tags,
        security,
        params: StaffParams,
        body: UpdateStaffRequest,
        response: { 200: StaffDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) => changeStaff(db, deps, member(request), { kind: 'update', request: request.body }),
  );

  const switches: { action: string; change: StaffChange; summary: string }[] = [
    {
      action: 'disable',
      change: { kind: 'disable' },
      summary: 'Disable an account: its sessions end at once (owner)',
    },
    { action: 'enable', change: { kind: 'enable' }, summary: 'Enable a disabled account (owner)' },
  ];
  for (const { action, change, summary } of switches) {
    api.post(
      `${STAFF_PATH}/:userId/${action}`,
      {
        onRequest,
        schema: {
          summary,
          tags,
          security,
          params: StaffParams,
          response: { 200: StaffDetails, ...PROBLEM_RESPONSES },
        },
      },
      (request) => changeStaff(db, deps, member(request), change),
    );
  }

  api.put(
    `${STAFF_PATH}/:userId/event-roles/:eventId`,
    {
      onRequest,
      schema: {
        summary: "Set a member of staff's role for one event (owner)",
        tags,
        security,
        params: StaffEventRoleParams,
        body: EventRoleRequest,
        response: { 200: StaffDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      setStaffEventRole(db, {
        ...member(request),
        eventId: request.params.eventId,
        role: request.body.role,
      }),
  );

  api.delete(
    `${STAFF_PATH}/:userId/event-roles/:eventId`,
    {
      onRequest,
      schema: {
        summary: "Remove a member of staff's role for one event (owner)",
        tags,
        security,
        params: StaffEventRoleParams,
        response: { 200: StaffDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      setStaffEventRole(db, { ...member(request), eventId: request.params.eventId, role: null }),
  );
}
