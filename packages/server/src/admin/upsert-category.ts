import type { SqlClient } from '@tabline/database';

export interface CategoryInput {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly position: number;
  readonly active: boolean;
}

/**
 * Creates or changes a category. An upsert that changes nothing writes
 * nothing, so devices are not sent records that did not change.
 */
export async function upsertCategory(db: SqlClient, category: CategoryInput) {
  await db.query(
    `insert into categories (id, event_id, name, position, active) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set name = excluded.name, position = excluded.position,
       active = excluded.active
     where categories.event_id = excluded.event_id
       and (categories.name, categories.position, categories.active)
           is distinct from (excluded.name, excluded.position, excluded.active)`,
    [category.id, category.eventId, category.name, category.position, category.active],
  );
}
