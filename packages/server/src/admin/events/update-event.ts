import type { SqlClient } from '@tabline/database';
import type { EventDetails, UpdateEventRequest } from '@tabline/protocol';
import type { AuthorizedEvent } from '../../auth/staff-auth.ts';
import { upsertEvent } from '../upsert-event.ts';
import { canonicalTimeZone } from './check-event-settings.ts';
import { EVENT_COLUMNS, toEventDetails } from './event-details.ts';
import type { EventRow } from './event-details.ts';

/**
 * Changes an event's name, time zone or offline rules (never its currency).
 * Devices get the new settings with their next pull, which always carries
 * the event. Runs inside the caller's transaction.
 */
export async function updateEvent(
  tx: SqlClient,
  event: AuthorizedEvent,
  change: UpdateEventRequest,
): Promise<EventDetails> {
  const timeZone = change.timeZone === undefined ? undefined : canonicalTimeZone(change.timeZone);
  const { rows } = await tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from events e where e.id = $1 and e.organisation_id = $2
     for no key update`,
    [event.eventId, event.organisationId],
  );
  const current = rows[0]!;
  const next = {
    ...current,
    organisationId: event.organisationId,
    name: change.name?.trim() ?? current.name,
    timeZone: timeZone ?? current.timeZone,
    offlineSpendingLimitCents:
      change.offlineSpendingLimitCents ?? current.offlineSpendingLimitCents,
    offlineWarningSeconds: change.offlineWarningSeconds ?? current.offlineWarningSeconds,
  };
  await upsertEvent(tx, next);
  return toEventDetails(next, event.role);
}
