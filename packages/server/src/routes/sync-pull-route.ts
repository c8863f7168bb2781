import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { SqlClient } from '@tabline/database';
import {
  PULL_PAGE_RECORDS_MAX,
  PULL_PATH,
  Problem,
  PullQuery,
  PullResponse,
} from '@tabline/protocol';
import type { EventInfo } from '@tabline/protocol';
import { deviceOf, requireDevice } from '../auth/device-auth.ts';
import { findApprovers } from '../adjustments/find-approvers.ts';
import { readPullChanges } from '../catalog/read-pull-changes.ts';

/**
 * GET /v1/sync/pull: what changed in the device's event since its cursor:
 * catalog, promotions and the wristband list, with the event's offline rules,
 * and the managers whose PIN approves voids and refunds on the device.
 */
export function registerSyncPullRoute(app: FastifyInstance, db: SqlClient) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    PULL_PATH,
    {
      onRequest: requireDevice(db),
      schema: {
        summary: 'Pull catalog changes since a cursor',
        tags: ['sync'],
        security: [{ deviceToken: [] }],
        querystring: PullQuery,
        response: { 200: PullResponse, '4xx': Problem, '5xx': Problem },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const limit = Number(request.query.limit ?? PULL_PAGE_RECORDS_MAX);
      const changes = await readPullChanges(
        db,
        device.eventId,
        Number(request.query.cursor ?? 0),
        limit,
      );
      return {
        event: await readEventInfo(db, device.eventId),
        device: { id: device.deviceId, name: device.deviceName, locationId: device.locationId },
        categories: changes.categories,
        products: changes.products,
        promotions: changes.promotions,
        wristbands: changes.wristbands,
        approvers: await findApprovers(db, device.eventId),
        cursor: String(changes.cursor),
        hasMore: changes.hasMore,
      };
    },
  );
}

async function readEventInfo(db: SqlClient, eventId: string): Promise<EventInfo> {
  const { rows } = await db.query<EventInfo>(
    `select id, name, currency, time_zone as "timeZone",
            offline_spending_limit_cents as "offlineSpendingLimitCents",
            offline_warning_seconds as "offlineWarningSeconds"
     from events where id = $1`,
    [eventId],
  );
  return rows[0]!;
}
