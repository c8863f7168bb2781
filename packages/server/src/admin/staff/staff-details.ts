import type { SqlClient } from '@tabline/database';
import type { StaffRole } from '@tabline/domain';
import type { StaffDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { isoTime } from '../iso-time.ts';

/** The columns a member of staff is answered with; `u` is staff_users. */
export const STAFF_COLUMNS = `u.id, u.email, u.name, u.organisation_role as "organisationRole",
  coalesce((select jsonb_agg(jsonb_build_object('eventId', r.event_id, 'role', r.role)
                             order by r.event_id)
            from staff_event_roles r where r.user_id = u.id), '[]'::jsonb) as "eventRoles",
  u.created_at as "createdAt", u.disabled_at as "disabledAt"`;

export interface StaffRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly organisationRole: StaffRole | null;
  readonly eventRoles: StaffDetails['eventRoles'];
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

export function toStaffDetails(row: StaffRow): StaffDetails {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisationRole: row.organisationRole,
    eventRoles: row.eventRoles,
    createdAt: isoTime(row.createdAt),
    disabledAt: isoTime(row.disabledAt),
  };
}

/** A member of the organisation's staff; 404 for anyone else's, as for no one. */
export async function readStaff(
  db: SqlClient,
  member: { organisationId: string; userId: string },
): Promise<StaffDetails> {
  const { rows } = await db.query<StaffRow>(
    `select ${STAFF_COLUMNS} from staff_users u where u.id = $1 and u.organisation_id = $2`,
    [member.userId, member.organisationId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such member of staff.');
  return toStaffDetails(rows[0]);
}
