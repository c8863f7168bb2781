import type { Database } from '../database.ts';

/**
 * The most changes one fold moves in one transaction: on PGlite the fold
 * holds the one connection, so a long backlog is folded in bounded steps
 * with other work in between. About 2,000 orders' worth.
 */
export const SALES_FOLD_CHANGES_MAX = 10_000;

/**
 * A data-modifying WITH runs to completion whether or not the outer query
 * reads it: the changes leave `sales_changes` and their sums join the
 * rollups in one statement.
 */
const FOLD_SQL = `
with moved as (
  delete from sales_changes
  where id in (select id from sales_changes where event_id = $1 order by id limit $2)
  returning *
), folded as (
  insert into sales_rollups as r (event_id, dimension, location_id, quarter_start, product_id,
                                  product_name, charged_cents, voided_cents, refunded_cents,
                                  net_cents, orders, quantity)
  select event_id, dimension, location_id, quarter_start, product_id, min(product_name),
         sum(charged_cents), sum(voided_cents), sum(refunded_cents), sum(net_cents),
         sum(orders), sum(quantity)
  from moved
  group by event_id, dimension, location_id, quarter_start, product_id
  on conflict (event_id, dimension, location_id, quarter_start, product_id) do update set
    product_name = least(r.product_name, excluded.product_name),
    charged_cents = r.charged_cents + excluded.charged_cents,
    voided_cents = r.voided_cents + excluded.voided_cents,
    refunded_cents = r.refunded_cents + excluded.refunded_cents,
    net_cents = r.net_cents + excluded.net_cents,
    orders = r.orders + excluded.orders,
    quantity = r.quantity + excluded.quantity
  returning 1
)
select count(*)::int8 as moved from moved`;

/**
 * Moves up to `limit` of the event's oldest sales changes into its rollups,
 * in one transaction: the rows leave `sales_changes` and join the sums
 * together, so a reader (who adds both up in one statement) sees the same
 * figures before, during and after. Returns how many it moved: 0 when there
 * is nothing to fold, or when another fold of the event holds its lock (that
 * one is doing the work; this one never waits for it).
 *
 * Only folds write the rollups, one per event at a time, so the order
 * processor, which only appends changes, never waits for a fold.
 */
export async function foldSalesChanges(
  db: Database,
  eventId: string,
  limit: number = SALES_FOLD_CHANGES_MAX,
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>(
      `select pg_try_advisory_xact_lock(hashtextextended('sales-fold:' || $1::text, 0)) as locked`,
      [eventId],
    );
    if (!rows[0]!.locked) return 0;
    const folded = await tx.query<{ moved: number }>(FOLD_SQL, [eventId, limit]);
    return folded.rows[0]!.moved;
  });
}

/** Steps of one event in one scheduled fold; what is left waits for the next. */
const SALES_FOLD_STEPS_MAX = 100;

/**
 * Folds every event's changes, in steps of `SALES_FOLD_CHANGES_MAX` (the
 * scheduled fold, so that an event nobody watches keeps a short backlog).
 * Returns how many changes it moved.
 */
export async function foldAllSalesChanges(db: Database): Promise<number> {
  const { rows } = await db.query<{ eventId: string }>(
    'select distinct event_id as "eventId" from sales_changes',
  );
  let moved = 0;
  for (const { eventId } of rows) {
    for (let step = 0; step < SALES_FOLD_STEPS_MAX; step++) {
      const stepMoved = await foldSalesChanges(db, eventId);
      moved += stepMoved;
      if (stepMoved < SALES_FOLD_CHANGES_MAX) break;
    }
  }
  return moved;
}
