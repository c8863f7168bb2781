import type { SqlClient } from '@tabline/database';
import type { CreateProductRequest, ProductDetails, UpdateProductRequest } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { lockEventCatalog } from '../lock-event-catalog.ts';
import { upsertProduct } from '../upsert-product.ts';

export type ProductChange =
  | { readonly kind: 'create'; readonly request: CreateProductRequest }
  | { readonly kind: 'update'; readonly request: UpdateProductRequest };

export const PRODUCT_COLUMNS = `id, category_id as "categoryId", name, price_cents as "priceCents",
  position, active`;

/**
 * Creates or changes (renames, reprices, moves, archives, restores) a
 * product. Its category must be one of the event's. No two active products
 * of an event share a name, compared without regard to case. Devices get the
 * change with their next pull (a price change too: an order rung up at the
 * old price is still taken, and flagged). Runs inside the caller's
 * transaction.
 */
export async function saveProduct(
  tx: SqlClient,
  target: { id: string; eventId: string },
  change: ProductChange,
): Promise<ProductDetails> {
  await lockEventCatalog(tx, target.eventId);
  const current = await currentProduct(tx, target, change);
  const { request } = change;
  const next: ProductDetails = {
    id: target.id,
    categoryId: request.categoryId === undefined ? current.categoryId : request.categoryId,
    name: request.name?.trim() ?? current.name,
    priceCents: request.priceCents ?? current.priceCents,
    position: request.position ?? current.position,
    active: 'active' in request ? (request.active ?? current.active) : current.active,
  };
  if (next.categoryId !== null && next.categoryId !== current.categoryId) {
    await checkCategory(tx, target.eventId, next.categoryId);
  }
  if (next.active) await checkNameFree(tx, target.eventId, next);
  await upsertProduct(tx, { ...next, eventId: target.eventId });
  return next;
}

async function currentProduct(
  db: SqlClient,
  target: { id: string; eventId: string },
  change: ProductChange,
): Promise<ProductDetails> {
  if (change.kind === 'create') {
    return {
      id: target.id,
      categoryId: null,
      name: '',
      priceCents: 0,
      position: 0,
      active: true,
    };
  }
  const { rows } = await db.query<ProductDetails>(
    `select ${PRODUCT_COLUMNS} from products where id = $1 and event_id = $2`,
    [target.id, target.eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such product.');
  return rows[0];
}

async function checkCategory(db: SqlClient, eventId: string, categoryId: string) {
  const { rowCount } = await db.query('select 1 from categories where id = $1 and event_id = $2', [
    categoryId,
    eventId,
  ]);
  if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such category.');
}

async function checkNameFree(db: SqlClient, eventId: string, product: ProductDetails) {
  const { rowCount } = await db.query(
    `select 1 from products where event_id = $1 and active and lower(name) = lower($2) and id <> $3`,
    [eventId, product.name, product.id],
  );
  if (rowCount > 0) {
    throw new ProblemError(
      'product.name_taken',
      `An active product is already named ${JSON.stringify(product.name)}.`,
    );
  }
}
