import type { SqlClient } from '@tabline/database';

/** Records the outcome: the tab charged (or none), what it was charged, and the flags. */
export async function markOrderProcessed(
  tx: SqlClient,
  order: { id: string; tabId: string | null; chargedCents: number; flags: readonly string[] },
) {
  await tx.query(
    `update orders set status = 'processed', tab_id = $2, charged_cents = $3, flags = $4,
                       processed_at = now()
     where id = $1`,
    [order.id, order.tabId, order.chargedCents, order.flags],
  );
}
