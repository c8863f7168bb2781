import type { SqlClient } from '@tabline/database';
import { higherRole } from '@tabline/domain';
import type { StaffRole } from '@tabline/domain';
import type { EventDetails } from '@tabline/protocol';
import type { AuthenticatedStaff } from '../../auth/staff-auth.ts';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';
import { EVENT_COLUMNS, toEventDetails } from './event-details.ts';
import type { EventRow } from './event-details.ts';

/**
 * The events of the caller's organisation they have a role for: every one
 * with an organisation-wide role, otherwise those with an event role.
 */
export async function listEvents(
  db: SqlClient,
  staff: AuthenticatedStaff,
  page: PageRequest,
): Promise<Page<EventDetails>> {
  const { rows } = await db.query<EventRow & { eventRole: StaffRole | null }>(
    `select ${EVENT_COLUMNS}, r.role as "eventRole"
     from events e left join staff_event_roles r on r.event_id = e.id and r.user_id = $1
     where e.organisation_id = $2 and ($3::text is not null or r.role is not null)
       and ($4::uuid is null or e.id > $4::uuid)
     order by e.id limit $5`,
    [staff.userId, staff.organisationId, staff.organisationRole, page.after, page.limit + 1],
  );
  const events = rows.map(({ eventRole, ...event }) =>
    toEventDetails(event, higherRole(staff.organisationRole, eventRole)!),
  );
  return toPage(events, page);
}
