import type { SqlClient } from '@tabline/database';

export async function findLocationIds(db: SqlClient, eventId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('select id from locations where event_id = $1', [
    eventId,
  ]);
  return new Set(rows.map((row) => row.id));
}
