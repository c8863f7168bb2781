import type { SqlClient } from '@tabline/database';
import { PROMOTIONS_PER_EVENT_MAX, checkPromotion, err, failure, ok } from '@tabline/domain';
import type { Failure, Promotion, Result } from '@tabline/domain';

/**
 * Creates or changes a promotion of an event, after the shared pricing code's
 * own check (`checkPromotion`), and within PROMOTIONS_PER_EVENT_MAX.
 * Promotions are never deleted: one that ends is made inactive, so orders
 * keep pointing at what they got. An upsert that changes nothing writes
 * nothing (devices are not sent it).
 */
export async function upsertPromotion(
  db: SqlClient,
  eventId: string,
  input: unknown,
): Promise<Result<Promotion, Failure>> {
  const checked = checkPromotion(input);
  if (!checked.ok) return checked;
  const promotion = checked.value;
  const { rows } = await db.query<{ others: number }>(
    'select count(*)::int8 as others from promotions where event_id = $1 and id <> $2',
    [eventId, promotion.id],
  );
  if (rows[0]!.others >= PROMOTIONS_PER_EVENT_MAX) {
    return err(
      failure(
        'promotion.too_many',
        `An event holds at most ${PROMOTIONS_PER_EVENT_MAX} promotions.`,
      ),
    );
  }
  await db.query(
    `insert into promotions (id, event_id, definition) values ($1, $2, $3)
     on conflict (id) do update set definition = excluded.definition
     where promotions.event_id = excluded.event_id
       and promotions.definition is distinct from excluded.definition`,
    [promotion.id, eventId, JSON.stringify(promotion)],
  );
  return ok(promotion);
}
