import type { SqlClient } from '@tabline/database';
import type {
  AttendeeDetails,
  CreateAttendeeRequest,
  UpdateAttendeeRequest,
} from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { upsertAttendee } from '../upsert-attendee.ts';
import { ATTENDEE_COLUMNS, toAttendeeDetails } from './attendee-details.ts';
import type { AttendeeRow } from './attendee-details.ts';

export type AttendeeChange =
  | { readonly kind: 'create'; readonly request: CreateAttendeeRequest }
  | { readonly kind: 'update'; readonly request: UpdateAttendeeRequest };

/**
 * Registers an attendee, or changes one (404 when the event has none with
 * that id). A change of tier reaches devices through the attendee's
 * wristbands on their next pull (a trigger touches them). Runs inside the
 * caller's transaction.
 */
export async function saveAttendee(
  tx: SqlClient,
  target: { id: string; eventId: string },
  change: AttendeeChange,
): Promise<AttendeeDetails> {
  const current =
    change.kind === 'update'
      ? await findAttendee(tx, target)
      : { name: '', phone: null, tier: 'standard' as const };
  const { request } = change;
  await upsertAttendee(tx, {
    id: target.id,
    eventId: target.eventId,
    name: request.name?.trim() ?? current.name,
    phone: request.phone === undefined ? current.phone : request.phone,
    tier: request.tier ?? current.tier,
  });
  return toAttendeeDetails(await findAttendee(tx, target));
}

/** One attendee of the event; 404 for anyone else's. */
export async function findAttendee(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<AttendeeRow> {
  const { rows } = await db.query<AttendeeRow>(
    `select ${ATTENDEE_COLUMNS} from attendees where id = $1 and event_id = $2`,
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such attendee.');
  return rows[0];
}
