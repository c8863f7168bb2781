import type { SqlClient } from '@tabline/database';
import type { WristbandStatus } from '@tabline/domain';

export interface WristbandInput {
  readonly eventId: string;
  readonly uid: string;
  readonly attendeeId: string;
  readonly status: WristbandStatus;
  /** The most the wearer's tab may hold, or null for no limit. */
  readonly tabLimitCents?: number | null;
}

export async function upsertWristband(db: SqlClient, wristband: WristbandInput) {
  await db.query(
    `insert into wristbands (event_id, uid, attendee_id, status, tab_limit_cents)
     values ($1, $2, $3, $4, $5)
     on conflict (event_id, uid) do update set attendee_id = excluded.attendee_id,
       status = excluded.status, tab_limit_cents = excluded.tab_limit_cents
     where (wristbands.attendee_id, wristbands.status, wristbands.tab_limit_cents)
           is distinct from (excluded.attendee_id, excluded.status, excluded.tab_limit_cents)`,
    [
      wristband.eventId,
      wristband.uid,
      wristband.attendeeId,
      wristband.status,
      wristband.tabLimitCents ?? null,
    ],
  );
}
