import type { SqlClient } from '@tabline/database';

export async function upsertLocation(
  db: SqlClient,
  location: { id: string; eventId: string; name: string },
) {
  await db.query(
    `insert into locations (id, event_id, name) values ($1, $2, $3)
     on conflict (id) do update set name = excluded.name where locations.event_id = excluded.event_id`,
    [location.id, location.eventId, location.name],
  );
}
