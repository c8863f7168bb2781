import type { SqlClient } from '@tabline/database';
import type { StaffDetails } from '@tabline/protocol';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';
import { STAFF_COLUMNS, toStaffDetails } from './staff-details.ts';
import type { StaffRow } from './staff-details.ts';

/** The organisation's staff, disabled accounts too, with their roles. */
export async function listStaff(
  db: SqlClient,
  organisationId: string,
  page: PageRequest,
): Promise<Page<StaffDetails>> {
  const { rows } = await db.query<StaffRow>(
    `select ${STAFF_COLUMNS} from staff_users u
     where u.organisation_id = $1 and ($2::uuid is null or u.id > $2::uuid)
     order by u.id limit $3`,
    [organisationId, page.after, page.limit + 1],
  );
  return toPage(rows.map(toStaffDetails), page);
}
