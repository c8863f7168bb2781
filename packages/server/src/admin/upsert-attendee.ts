import type { SqlClient } from '@tabline/database';
import type { AttendeeTier } from '@tabline/domain';

export interface AttendeeInput {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly tier: AttendeeTier;
}

export async function upsertAttendee(db: SqlClient, attendee: AttendeeInput) {
  await db.query(
    `insert into attendees (id, event_id, name, phone, tier) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set name = excluded.name, phone = excluded.phone, tier = excluded.tier
     where attendees.event_id = excluded.event_id`,
    [attendee.id, attendee.eventId, attendee.name, attendee.phone, attendee.tier],
  );
}
