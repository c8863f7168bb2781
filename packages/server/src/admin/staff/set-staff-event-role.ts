import type { Database } from '@tabline/database';
import type { StaffRole } from '@tabline/domain';
import type { StaffDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { setEventRole } from '../upsert-staff-user.ts';
import { readStaff } from './staff-details.ts';

/**
 * Gives a member of staff a role for one event of the organisation, or takes
 * it away (`role: null`). The member and the event must both be the
 * organisation's (404 otherwise). The new role counts from the member's next
 * request.
 */
export async function setStaffEventRole(
  db: Database,
  grant: { organisationId: string; userId: string; eventId: string; role: StaffRole | null },
): Promise<StaffDetails> {
  return db.transaction(async (tx) => {
    await readStaff(tx, grant);
    const { rowCount } = await tx.query(
      'select 1 from events where id = $1 and organisation_id = $2',
      [grant.eventId, grant.organisationId],
    );
    if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such event.');
    await setEventRole(tx, grant);
    return readStaff(tx, grant);
  });
}
