import type { SqlClient } from '@tabline/database';
import type { Promotion } from '@tabline/domain';

/**
 * All of the event's promotions, ended ones too: the pricing code decides
 * which applied at the order's placed time. At most PROMOTIONS_PER_EVENT_MAX
 * (the server refuses more), so reading them costs the same for every order
 * whatever the event's history. The stored definition is the pricing code's
 * `Promotion`, checked before it was stored.
 */
export async function findEventPromotions(tx: SqlClient, eventId: string): Promise<Promotion[]> {
  const { rows } = await tx.query<{ definition: Promotion }>(
    'select definition from promotions where event_id = $1',
    [eventId],
  );
  return rows.map((row) => row.definition);
}
