import type { SalesChange, SqlClient } from '@tabline/database';
import { INSERT_SALES_CHANGES, salesChangeRows } from './append-sales-changes.ts';

/**
 * Records the outcome: the tab charged (or none), what it was charged, the
 * flags, and the order's changes to the event's sales figures, in one
 * statement (the changes cost the order no round trip of their own).
 */
export async function markOrderProcessed(
  tx: SqlClient,
  order: { id: string; tabId: string | null; chargedCents: number; flags: readonly string[] },
  salesChanges: readonly SalesChange[],
) {
  const rows = salesChangeRows(salesChanges, 5);
  await tx.query(
    `with marked as (
       update orders set status = 'processed', tab_id = $2, charged_cents = $3, flags = $4,
                         processed_at = now()
       where id = $1
       returning event_id
     )
     ${INSERT_SALES_CHANGES}
     select marked.event_id, c.* from marked, ${rows.from}`,
    [order.id, order.tabId, order.chargedCents, order.flags, ...rows.params],
  );
}
