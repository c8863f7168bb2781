import type { SqlClient } from '@tabline/database';
import { checkPromotion } from '@tabline/domain';
import type { InputProblem, Promotion, PromotionTarget } from '@tabline/domain';
import type { PromotionRecord, PromotionRequest } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { lockEventCatalog } from '../lock-event-catalog.ts';
import { upsertPromotion } from '../upsert-promotion.ts';

/**
 * Creates a promotion, or replaces the definition of one (404 when the event
 * has none with that id). It must pass the shared pricing code's own check
 * (`checkPromotion`: a promotion pricing would refuse is refused here with
 * `promotion.invalid` and where), name only products and categories of the
 * event, and fit within PROMOTIONS_PER_EVENT_MAX (`promotion.too_many`).
 * Devices get it with their next pull. Runs inside the caller's transaction.
 */
export async function savePromotion(
  tx: SqlClient,
  target: { id: string; eventId: string; create: boolean },
  request: PromotionRequest,
): Promise<PromotionRecord> {
  await lockEventCatalog(tx, target.eventId);
  // Whether the promotion is the event's comes first: another event's id is
  // answered "not found" whatever the body says.
  if (!target.create) {
    const { rowCount } = await tx.query(
      'select 1 from promotions where id = $1 and event_id = $2',
      [target.id, target.eventId],
    );
    if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such promotion.');
  }
  const checked = checkPromotion({ ...request, id: target.id });
  if (!checked.ok) throw promotionInvalid(checked.error.message, checked.error.problems);
  const promotion = checked.value;
  await checkTargetIds(tx, target.eventId, promotion.target);
  const saved = await upsertPromotion(tx, target.eventId, promotion);
  if (!saved.ok) throw new ProblemError(saved.error.code, saved.error.message);
  return toRecord(saved.value);
}

/**
 * The pricing type as the wire record: the same fields (protocol checks the
 * record is a `Promotion`; `checkPromotion` returned only known fields).
 */
function toRecord(promotion: Promotion): PromotionRecord {
  return promotion as PromotionRecord;
}

/** Refuses ids of products or categories the event does not have (another event's too). */
async function checkTargetIds(db: SqlClient, eventId: string, target: PromotionTarget) {
  if (target.kind === 'all') return;
  const [table, ids, path] =
    target.kind === 'products'
      ? (['products', target.productIds, '/target/productIds'] as const)
      : (['categories', target.categoryIds, '/target/categoryIds'] as const);
  const { rows } = await db.query<{ id: string }>(
    `select id from ${table} where event_id = $1 and id = any($2::uuid[])`,
    [eventId, ids],
  );
  const known = new Set(rows.map((row) => row.id));
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw promotionInvalid(`The promotion names ${table} the event does not have.`, [
      { path: `${path}/${unknown}`, message: `is not one of the event's ${table}` },
    ]);
  }
}

function promotionInvalid(message: string, problems: readonly InputProblem[]): ProblemError {
  return new ProblemError('promotion.invalid', message, { errors: [...problems] });
}
