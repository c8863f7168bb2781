import type { SqlClient } from '@tabline/database';
import type { AttendeeTier } from '@tabline/domain';

export interface WristbandHolder {
  readonly attendeeId: string;
  readonly phone: string | null;
  /** The attendee's tier as the server knows it now, which the device may not have pulled yet. */
  readonly tier: AttendeeTier;
  readonly status: 'active' | 'blocked';
}

export async function findWristbandHolder(
  tx: SqlClient,
  eventId: string,
  uid: string,
): Promise<WristbandHolder | null> {
  const { rows } = await tx.query<WristbandHolder>(
    `select a.id as "attendeeId", a.phone, a.tier, w.status
     from wristbands w join attendees a on a.id = w.attendee_id
     where w.event_id = $1 and w.uid = $2`,
    [eventId, uid],
  );
  return rows[0] ?? null;
}
