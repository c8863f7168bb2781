import type { SqlClient } from '@tabline/database';

export async function markOrderProcessed(
  tx: SqlClient,
  order: { id: string; tabId: string | null; flags: readonly string[] },
) {
  await tx.query(
    `update orders set status = 'processed', tab_id = $2, flags = $3, processed_at = now()
     where id = $1`,
    [order.id, order.tabId, order.flags],
  );
}
