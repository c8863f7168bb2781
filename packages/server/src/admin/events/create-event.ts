import type { SqlClient } from '@tabline/database';
import type { CreateEventRequest, EventDetails } from '@tabline/protocol';
import { upsertEvent } from '../upsert-event.ts';
import { canonicalTimeZone, checkCurrency } from './check-event-settings.ts';
import { EVENT_COLUMNS, toEventDetails } from './event-details.ts';
import type { EventRow } from './event-details.ts';

/**
 * Creates an event of the caller's organisation (the caller owns it), inside
 * the caller's transaction.
 */
export async function createEvent(
  tx: SqlClient,
  event: { id: string; organisationId: string; request: CreateEventRequest },
): Promise<EventDetails> {
  const { request } = event;
  checkCurrency(request.currency);
  const timeZone = canonicalTimeZone(request.timeZone);
  await upsertEvent(tx, {
    id: event.id,
    organisationId: event.organisationId,
    name: request.name.trim(),
    currency: request.currency,
    timeZone,
    ...(request.offlineSpendingLimitCents === undefined
      ? {}
      : { offlineSpendingLimitCents: request.offlineSpendingLimitCents }),
    ...(request.offlineWarningSeconds === undefined
      ? {}
      : { offlineWarningSeconds: request.offlineWarningSeconds }),
  });
  const { rows } = await tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from events e where e.id = $1`,
    [event.id],
  );
  return toEventDetails(rows[0]!, 'owner');
}
