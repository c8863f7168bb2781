import type { Database } from '@tabline/database';
import type { PromotionRecord } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';

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
    const { rows } = await tx.query<{ definition: PromotionRecord }>(
      'select definition from promotions where id = $1 and event_id = $2',
      [target.id, target.eventId],
    );
    if (!rows[0]) throw new ProblemError('resource.not_found', 'No such promotion.');
    return rows[0].definition;
  });
}
