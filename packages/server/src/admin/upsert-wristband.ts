import type { SqlClient } from '@tabline/database';
import type { WristbandStatus } from '@tabline/domain';

export interface WristbandInput {
  readonly eventId: string;
  readonly uid: string;
  readonly attendeeId: string;
  readonly status: WristbandStatus;
}

export async function upsertWristband(db: SqlClient, wristband: WristbandInput) {
  await db.query(
    `insert into wristbands (event_id, uid, attendee_id, status) values ($1, $2, $3, $4)
     on conflict (event_id, uid) do update set attendee_id = excluded.attendee_id,
       status = excluded.status`,
    [wristband.eventId, wristband.uid, wristband.attendeeId, wristband.status],
  );
}
