import type { SqlClient } from '@tabline/database';
import type { AttendeeDetails, AttendeeWithWristbands } from '@tabline/protocol';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';
import { WRISTBAND_COLUMNS } from '../wristbands/wristband-columns.ts';
import type { WristbandRow } from '../wristbands/wristband-columns.ts';
import { ATTENDEE_COLUMNS, toAttendeeDetails } from './attendee-details.ts';
import type { AttendeeRow } from './attendee-details.ts';
import { findAttendee } from './save-attendee.ts';

/** One attendee of the event with every wristband issued to them. */
export async function readAttendee(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<AttendeeWithWristbands> {
  const attendee = await findAttendee(db, target);
  const wristbands = await db.query<WristbandRow>(
    `select ${WRISTBAND_COLUMNS} from wristbands where attendee_id = $1 and event_id = $2
     order by uid`,
    [target.id, target.eventId],
  );
  return { ...toAttendeeDetails(attendee), wristbands: wristbands.rows };
}

export async function listAttendees(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<AttendeeDetails>> {
  const { rows } = await db.query<AttendeeRow>(
    `select ${ATTENDEE_COLUMNS} from attendees
     where event_id = $1 and ($2::uuid is null or id > $2::uuid)
     order by id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(rows.map(toAttendeeDetails), page);
}

export async function readAttendeeDetails(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<AttendeeDetails> {
  return toAttendeeDetails(await findAttendee(db, target));
}
