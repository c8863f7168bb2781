import type { SqlClient } from '@tabline/database';
import type { CategoryDetails, ProductDetails } from '@tabline/protocol';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';
import { PRODUCT_COLUMNS } from './save-product.ts';

/** An event's categories, archived ones too. */
export async function listCategories(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<CategoryDetails>> {
  const { rows } = await db.query<CategoryDetails>(
    `select id, name, position, active from categories
     where event_id = $1 and ($2::uuid is null or id > $2::uuid)
     order by id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(rows, page);
}

/** An event's products, archived ones too. */
export async function listProducts(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<ProductDetails>> {
  const { rows } = await db.query<ProductDetails>(
    `select ${PRODUCT_COLUMNS} from products
     where event_id = $1 and ($2::uuid is null or id > $2::uuid)
     order by id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(rows, page);
}
