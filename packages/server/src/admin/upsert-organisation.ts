import type { SqlClient } from '@tabline/database';

export async function upsertOrganisation(db: SqlClient, org: { id: string; name: string }) {
  await db.query(
    `insert into organisations (id, name) values ($1, $2)
     on conflict (id) do update set name = excluded.name`,
    [org.id, org.name],
  );
}
