import Value from 'typebox/value';
import type { SqlClient } from '@tabline/database';
import { PromotionRecord } from '@tabline/protocol';

/**
 * Creates or changes a promotion of an event. Promotions are never deleted:
 * one that ends is made inactive, so orders keep pointing at what they got.
 * An upsert that changes nothing writes nothing (devices are not sent it).
 */
export async function upsertPromotion(db: SqlClient, eventId: string, promotion: PromotionRecord) {
  // Admin input is validated at its edge; here a mismatch is a bug.
  if (!Value.Check(PromotionRecord, promotion)) {
    throw new Error('Invariant violated: the promotion does not match its schema');
  }
  await db.query(
    `insert into promotions (id, event_id, definition) values ($1, $2, $3)
     on conflict (id) do update set definition = excluded.definition
     where promotions.event_id = excluded.event_id
       and promotions.definition is distinct from excluded.definition`,
    [promotion.id, eventId, JSON.stringify(promotion)],
  );
}
