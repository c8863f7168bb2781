import type { AttendeeTier } from '@tabline/domain';
import type { AttendeeDetails } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';

export const ATTENDEE_COLUMNS = 'id, name, phone, tier, created_at as "createdAt"';

export interface AttendeeRow {
  readonly id: string;
  readonly name: string;
  readonly phone: string | null;
  readonly tier: AttendeeTier;
  readonly createdAt: Date;
}

export function toAttendeeDetails(row: AttendeeRow): AttendeeDetails {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    tier: row.tier,
    createdAt: isoTime(row.createdAt),
  };
}
