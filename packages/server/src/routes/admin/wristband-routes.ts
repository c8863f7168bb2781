import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateHeaders,
  EventParams,
  IssueWristbandRequest,
  UpdateWristbandRequest,
  WristbandDetails,
  WristbandParams,
} from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { changeWristband, readWristband } from '../../admin/wristbands/change-wristband.ts';
import { issueWristband, issuedUidOf } from '../../admin/wristbands/issue-wristband.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/wristbands';

/**
 * Wristbands: managers issue them, set tab limits, and block a lost one (and
 * unblock it when found). Devices refuse a blocked band after their next pull.
 */
export function registerWristbandRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['wristbands'];
  const { onRequest, security } = eventRoleGuard(db, 'manager');
  const target = (request: { params: { uid: string } } & Parameters<typeof eventOf>[0]) => ({
    eventId: eventOf(request).eventId,
    uid: request.params.uid,
  });

  api.post(
    PATH,
    {
      onRequest,
      schema: {
        summary: 'Issue a wristband to an attendee (manager)',
        tags,
        security,
        params: EventParams,
        headers: CreateHeaders,
        body: IssueWristbandRequest,
        response: { 201: WristbandDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: issuedUidOf(request.body.uid),
        create: (tx, uid) => issueWristband(tx, eventId, { ...request.body, uid }),
        read: (client, uid) => readWristband(client, { eventId, uid }),
      });
    },
  );

  api.get(
    `${PATH}/:uid`,
    {
      onRequest,
      schema: {
        summary: 'A wristband: its wearer, status and tab limit (manager)',
        tags,
        security,
        params: WristbandParams,
        response: { 200: WristbandDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) => readWristband(db, target(request)),
  );

  api.patch(
    `${PATH}/:uid`,
    {
      onRequest,
      schema: {
        summary: "Set a wristband's tab limit (manager)",
        tags,
        security,
        params: WristbandParams,
        body: UpdateWristbandRequest,
        response: { 200: WristbandDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      changeWristband(db, target(request), {
        kind: 'tab-limit',
        tabLimitCents: request.body.tabLimitCents,
      }),
  );

  for (const status of ['blocked', 'active'] as const) {
    const action = status === 'blocked' ? 'block' : 'unblock';
    api.post(
      `${PATH}/:uid/${action}`,
      {
        onRequest,
        schema: {
          summary:
            status === 'blocked'
              ? 'Block a lost wristband: devices refuse it after their next pull (manager)'
              : 'Unblock a wristband that was found (manager)',
          tags,
          security,
          params: WristbandParams,
          response: { 200: WristbandDetails, ...PROBLEM_RESPONSES },
        },
      },
      (request) => changeWristband(db, target(request), { kind: 'status', status }),
    );
  }
}
