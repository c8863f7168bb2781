import type { Database, SqlClient } from '@tabline/database';
import type { DeviceDetails, UpdateDeviceRequest } from '@tabline/protocol';
import { isUniqueViolation } from '../../is-unique-violation.ts';
import { ProblemError } from '../../problem-error.ts';
import { DEVICE_COLUMNS, toDeviceDetails } from './list-devices.ts';
import type { DeviceRow } from './list-devices.ts';

/**
 * Renames a device or moves it to another location of the event. The device
 * learns both with its next pull, which always carries its name and location.
 */
export async function updateDevice(
  db: Database,
  target: { eventId: string; deviceId: string },
  change: UpdateDeviceRequest,
): Promise<DeviceDetails> {
  const name = change.name?.trim();
  return db
    .transaction(async (tx) => {
      const current = await findDevice(tx, target);
      if (change.locationId !== undefined && change.locationId !== null) {
        const { rowCount } = await tx.query(
          'select 1 from locations where id = $1 and event_id = $2',
          [change.locationId, target.eventId],
        );
        if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such location.');
      }
      if (name !== undefined && name !== current.name) await checkNameFree(tx, target, name);
      await tx.query(
        `update devices set name = $3, location_id = $4 where id = $1 and event_id = $2`,
        [
          target.deviceId,
          target.eventId,
          name ?? current.name,
          change.locationId === undefined ? current.locationId : change.locationId,
        ],
      );
      return toDeviceDetails(await findDevice(tx, target));
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'devices_event_id_name_key')) throw nameTaken(name ?? '');
      throw error;
    });
}

async function findDevice(db: SqlClient, target: { eventId: string; deviceId: string }) {
  const { rows } = await db.query<DeviceRow>(
    `select ${DEVICE_COLUMNS} from devices d where d.id = $1 and d.event_id = $2`,
    [target.deviceId, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such device.');
  return rows[0];
}

/** As when pairing: no other device, nor a pending pairing code, may have the name. */
async function checkNameFree(db: SqlClient, target: { eventId: string }, name: string) {
  const { rowCount } = await db.query(
    `select 1 from devices where event_id = $1 and name = $2
     union all
     select 1 from pairing_codes where event_id = $1 and device_name = $2
       and used_at is null and expires_at > now()`,
    [target.eventId, name],
  );
  if (rowCount > 0) throw nameTaken(name);
}

function nameTaken(name: string): ProblemError {
  return new ProblemError(
    'device.name_taken',
    `The event already has a device (or a pending code) named ${JSON.stringify(name)}.`,
  );
}
