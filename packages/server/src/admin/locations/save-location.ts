import type { SqlClient } from '@tabline/database';
import type { LocationDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { lockEventCatalog } from '../lock-event-catalog.ts';
import { upsertLocation } from '../upsert-location.ts';

/**
 * Creates a location of an event (`create`), or renames one (404 when the
 * event has no location with that id), inside the caller's transaction.
 * Names are unique within the event, compared without regard to case, so two
 * bars cannot be told apart only by a capital letter.
 */
export async function saveLocation(
  tx: SqlClient,
  location: { id: string; eventId: string; name: string; create: boolean },
): Promise<LocationDetails> {
  const name = location.name.trim();
  await lockEventCatalog(tx, location.eventId);
  if (!location.create) {
    const { rowCount } = await tx.query('select 1 from locations where id = $1 and event_id = $2', [
      location.id,
      location.eventId,
    ]);
    if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such location.');
  }
  const { rowCount: taken } = await tx.query(
    'select 1 from locations where event_id = $1 and lower(name) = lower($2) and id <> $3',
    [location.eventId, name, location.id],
  );
  if (taken > 0) {
    throw new ProblemError(
      'location.name_taken',
      `The event already has a location named ${JSON.stringify(name)}.`,
    );
  }
  await upsertLocation(tx, { id: location.id, eventId: location.eventId, name });
  return { id: location.id, name };
}

export async function readLocation(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<LocationDetails> {
  const { rows } = await db.query<LocationDetails>(
    'select id, name from locations where id = $1 and event_id = $2',
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such location.');
  return rows[0];
}
