import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@tabline/database';
import type { Clock } from '@tabline/domain';
import {
  CURRENT_SESSION_PATH,
  CreatePairingCodeRequest,
  DeviceParams,
  DeviceTokenResponse,
  EventParams,
  PAIR_DEVICE_PATH,
  PairDeviceRequest,
  PairingCodeResponse,
  Problem,
  ROTATE_DEVICE_TOKEN_PATH,
  SESSIONS_PATH,
  STAFF_PIN_PATH,
  SessionResponse,
  SetPinRequest,
  SignInRequest,
} from '@tabline/protocol';
import Type from 'typebox';
import { deviceOf, requireDevice } from '../auth/device-auth.ts';
import { createPairingCode, pairDevice, revokeDevice, rotateDeviceToken } from '../auth/pairing.ts';
import type { PasswordCost } from '../auth/password.ts';
import { signIn, signOut } from '../auth/sessions.ts';
import {
  eventOf,
  requireEventRole,
  requireStaff,
  staffOf,
  staffSecurity,
} from '../auth/staff-auth.ts';
import { setStaffPin } from '../adjustments/set-staff-pin.ts';
import { ProblemError } from '../problem-error.ts';

export interface AuthRouteDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly passwordCost: PasswordCost;
  readonly pinKeyIterations: number;
}

const errors = { '4xx': Problem, '5xx': Problem };

/**
 * Staff sign-in and sign-out, device pairing, token rotation and revocation.
 * Sign-in and pairing are the two doors open without a token: both are
 * throttled per address (and sign-in per account) against guessing.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    SESSIONS_PATH,
    {
      schema: {
        summary: 'Sign in (staff)',
        tags: ['auth'],
        body: SignInRequest,
        response: { 201: SessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const session = await signIn(db, deps, { ...request.body, address: request.ip });
      return reply.code(201).send({
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        user: session.user,
      });
    },
  );

  api.delete(
    CURRENT_SESSION_PATH,
    {
      onRequest: requireStaff(db),
      schema: {
        summary: 'Sign out (staff)',
        tags: ['auth'],
        security: [{ staffSession: [] }],
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await signOut(db, staffOf(request).sessionId);
      return reply.code(204).send(null);
    },
  );

  api.put(
    STAFF_PIN_PATH,
    {
      onRequest: requireStaff(db),
      schema: {
        summary: 'Set my PIN (staff), to approve voids and refunds on devices',
        description:
          'The devices of events where the caller is a manager or owner learn to check it at their next pull. Approvals made with the previous PIN before now still count.',
        tags: ['auth'],
        security: [{ staffSession: [] }],
        body: SetPinRequest,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await setStaffPin(db, {
        userId: staffOf(request).userId,
        pinKeyId: deps.newId(),
        pin: request.body.pin,
        iterations: deps.pinKeyIterations,
      });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/v1/events/:eventId/pairing-codes',
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: 'Make a pairing code for a new device (manager)',
        tags: ['devices'],
        security: staffSecurity('manager'),
        params: EventParams,
        body: CreatePairingCodeRequest,
        response: { 201: PairingCodeResponse, ...errors },
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const event = eventOf(request);
      const created = await createPairingCode(db, deps, {
        eventId: event.eventId,
        locationId: request.body.locationId,
        deviceName: request.body.deviceName,
        createdBy: staff.userId,
      });
      return reply
        .code(201)
        .send({ code: created.code, expiresAt: created.expiresAt.toISOString() });
    },
  );

  api.post(
    PAIR_DEVICE_PATH,
    {
      schema: {
        summary: 'Pair a device with a code, for its own token',
        tags: ['devices'],
        body: PairDeviceRequest,
        response: { 201: DeviceTokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      const paired = await pairDevice(db, deps, { code: request.body.code, address: request.ip });
      return reply.code(201).send({
        deviceId: paired.deviceId,
        eventId: paired.eventId,
        token: paired.token,
        expiresAt: paired.expiresAt.toISOString(),
      });
    },
  );

  api.post(
    ROTATE_DEVICE_TOKEN_PATH,
    {
      onRequest: requireDevice(db),
      schema: {
        summary: "Rotate the calling device's token",
        tags: ['devices'],
        security: [{ deviceToken: [] }],
        response: { 201: DeviceTokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      const device = deviceOf(request);
      const rotated = await rotateDeviceToken(db, deps, device);
      return reply.code(201).send({
        deviceId: device.deviceId,
        eventId: device.eventId,
        token: rotated.token,
        expiresAt: rotated.expiresAt.toISOString(),
      });
    },
  );

  api.post(
    '/v1/events/:eventId/devices/:deviceId/revoke',
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: 'Revoke every token of a device (manager): a lost or stolen tablet',
        tags: ['devices'],
        security: staffSecurity('manager'),
        params: DeviceParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const event = eventOf(request);
      const revoked = await revokeDevice(db, {
        eventId: event.eventId,
        deviceId: request.params.deviceId,
      });
      if (!revoked) throw new ProblemError('resource.not_found', 'No such device.');
      return reply.code(204).send(null);
    },
  );
}
