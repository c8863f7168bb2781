import type { SqlClient } from '@tabline/database';
import type { LocationDetails } from '@tabline/protocol';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';

export async function listLocations(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<LocationDetails>> {
  const { rows } = await db.query<LocationDetails>(
    `select id, name from locations
     where event_id = $1 and ($2::uuid is null or id > $2::uuid)
     order by id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(rows, page);
}
