import type { SqlClient } from '@tabline/database';
import type { CategoryDetails, ProductDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
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

export async function readCategory(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<CategoryDetails> {
  const { rows } = await db.query<CategoryDetails>(
    'select id, name, position, active from categories where id = $1 and event_id = $2',
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such category.');
  return rows[0];
}

export async function readProduct(
  db: SqlClient,
  target: { id: string; eventId: string },
): Promise<ProductDetails> {
  const { rows } = await db.query<ProductDetails>(
    `select ${PRODUCT_COLUMNS} from products where id = $1 and event_id = $2`,
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such product.');
  return rows[0];
}
