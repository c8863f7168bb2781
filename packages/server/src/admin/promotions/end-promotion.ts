import type { Database } from '@tabline/database';
import type { PromotionRecord } from '@tabline/protocol';
import { readPromotion } from './read-promotions.ts';

/**
 * Ends a promotion: it becomes inactive (never deleted, so orders keep
 * pointing at what they got) and devices stop applying it after their next
 * pull. Ending an ended promotion changes nothing.
 */
export async function endPromotion(
  db: Database,
  target: { id: string; eventId: string },
): Promise<PromotionRecord> {
  return db.transaction(async (tx) => {
    await tx.query(
      `update promotions set definition = jsonb_set(definition, '{active}', 'false')
       where id = $1 and event_id = $2 and definition->'active' <> 'false'::jsonb`,
      [target.id, target.eventId],
    );
    return readPromotion(tx, target);
  });
}
