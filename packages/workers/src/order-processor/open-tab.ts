import type { SqlClient } from '@tabline/database';

export interface OpenTab {
  readonly id: string;
  readonly balanceCents: number;
}

/**
 * The attendee's tab at this event, created on their first order, and locked
 * until the transaction ends so concurrent orders on one tab add up.
 */
export async function openTab(
  tx: SqlClient,
  tab: { newId: string; eventId: string; attendeeId: string; currency: string },
): Promise<OpenTab> {
  await tx.query(
    `insert into tabs (id, event_id, attendee_id, currency) values ($1, $2, $3, $4)
     on conflict (event_id, attendee_id) do nothing`,
    [tab.newId, tab.eventId, tab.attendeeId, tab.currency],
  );
  const { rows } = await tx.query<OpenTab>(
    `select id, balance_cents as "balanceCents" from tabs
     where event_id = $1 and attendee_id = $2 for update`,
    [tab.eventId, tab.attendeeId],
  );
  return rows[0]!;
}
