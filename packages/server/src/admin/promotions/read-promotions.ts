import type { SqlClient } from '@tabline/database';
import type { PromotionRecord } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';

/** An event's promotions, ended ones too. */
export async function listPromotions(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<PromotionRecord>> {
  const { rows } = await db.query<{ definition: PromotionRecord }>(
    `select definition from promotions
     where event_id = $1 and ($2::uuid is null or id > $2::uuid)
     order by id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(
    rows.map((row) => row.definition),
    page,
  );
}

export async function readPromotion(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<PromotionRecord> {
  const { rows } = await db.query<{ definition: PromotionRecord }>(
    'select definition from promotions where id = $1 and event_id = $2',
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such promotion.');
  return rows[0].definition;
}
