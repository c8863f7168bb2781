import type { SqlClient } from '@tabline/database';

/**
 * Takes, for the rest of the transaction, the per-event lock the sync_seq
 * trigger takes (migration 0001), before anything is read. Catalog writes of
 * one event then run one at a time, so a check such as "no other active
 * product has this name" or "fewer than 200 promotions" still holds when
 * the row is written.
 */
export async function lockEventCatalog(db: SqlClient, eventId: string): Promise<void> {
  await db.query(
    `select pg_advisory_xact_lock(hashtextextended('catalog:' || $1::uuid::text, 0))`,
    [eventId],
  );
}
