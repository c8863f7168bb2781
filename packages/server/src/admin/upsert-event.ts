import type { SqlClient } from '@tabline/database';

export interface EventInput {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
}

/** Creates or renames an event. Its currency never changes once set. */
export async function upsertEvent(db: SqlClient, event: EventInput) {
  await db.query(
    `insert into events (id, organisation_id, name, currency, time_zone) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set name = excluded.name, time_zone = excluded.time_zone
     where events.organisation_id = excluded.organisation_id`,
    [event.id, event.organisationId, event.name, event.currency, event.timeZone],
  );
}
