import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DeviceDetails,
  DevicePage,
  DeviceParams,
  EventParams,
  PageQuery,
  UpdateDeviceRequest,
} from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { listDevices } from '../../admin/devices/list-devices.ts';
import { updateDevice } from '../../admin/devices/update-device.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/devices';

/** The fleet, for managers: devices, their last heartbeat, and where they stand. */
export function registerDeviceRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['devices'];
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    PATH,
    {
      onRequest,
      schema: {
        summary: "List the event's devices with their last heartbeat (manager)",
        tags,
        security,
        params: EventParams,
        querystring: PageQuery,
        response: { 200: DevicePage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listDevices(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.patch(
    `${PATH}/:deviceId`,
    {
      onRequest,
      schema: {
        summary: 'Rename a device or move it to another location (manager)',
        tags,
        security,
        params: DeviceParams,
        body: UpdateDeviceRequest,
        response: { 200: DeviceDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      updateDevice(
        db,
        { eventId: eventOf(request).eventId, deviceId: request.params.deviceId },
        request.body,
      ),
  );
}
