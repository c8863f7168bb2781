import { preparedStatement } from '@tabline/database';
import type { SqlClient } from '@tabline/database';
import type { AuthenticatedDevice } from './authenticated-device.ts';
import { hashToken, isTokenShaped } from './bearer-token.ts';

/** The device a live token belongs to, or null: unknown, expired or revoked. */
export async function findDeviceByToken(
  db: SqlClient,
  token: string,
): Promise<AuthenticatedDevice | null> {
  if (!isTokenShaped('device', token)) return null;
  const { rows } = await db.query<AuthenticatedDevice>(FIND_DEVICE, [hashToken(token)]);
  return rows[0] ?? null;
}

/** Every request of a device runs this: prepared. */
const FIND_DEVICE = preparedStatement(
  'find-device-by-token',
  `select d.id as "deviceId", t.id as "tokenId", d.name as "deviceName", d.event_id as "eventId",
            e.organisation_id as "organisationId", d.location_id as "locationId",
            e.currency as "currency",
            array(select l.id from locations l where l.event_id = d.event_id) as "locationIds"
     from device_tokens t
     join devices d on d.id = t.device_id
     join events e on e.id = d.event_id
     where t.token_hash = $1 and t.revoked_at is null and t.expires_at > now()`,
);
