import type { SqlClient } from '@tabline/database';

export async function upsertDevice(
  db: SqlClient,
  device: { id: string; eventId: string; locationId: string | null; name: string },
) {
  await db.query(
    `insert into devices (id, event_id, location_id, name) values ($1, $2, $3, $4)
     on conflict (id) do update set location_id = excluded.location_id, name = excluded.name
     where devices.event_id = excluded.event_id`,
    [device.id, device.eventId, device.locationId, device.name],
  );
}
