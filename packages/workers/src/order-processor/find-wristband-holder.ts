import type { SqlClient } from '@tabline/database';

export interface WristbandHolder {
  readonly attendeeId: string;
  readonly phone: string | null;
  readonly status: 'active' | 'blocked';
}

export async function findWristbandHolder(
  tx: SqlClient,
  eventId: string,
  uid: string,
): Promise<WristbandHolder | null> {
  const { rows } = await tx.query<WristbandHolder>(
    `select a.id as "attendeeId", a.phone, w.status
     from wristbands w join attendees a on a.id = w.attendee_id
     where w.event_id = $1 and w.uid = $2`,
    [eventId, uid],
  );
  return rows[0] ?? null;
}
