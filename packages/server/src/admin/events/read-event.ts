import type { SqlClient } from '@tabline/database';
import type { EventDetails } from '@tabline/protocol';
import type { AuthorizedEvent } from '../../auth/staff-auth.ts';
import { EVENT_COLUMNS, toEventDetails } from './event-details.ts';
import type { EventRow } from './event-details.ts';

/** An event the caller was authorised for, with their role for it. */
export async function readEvent(db: SqlClient, event: AuthorizedEvent): Promise<EventDetails> {
  const { rows } = await db.query<EventRow>(
    `select ${EVENT_COLUMNS} from events e where e.id = $1 and e.organisation_id = $2`,
    [event.eventId, event.organisationId],
  );
  return toEventDetails(rows[0]!, event.role);
}
