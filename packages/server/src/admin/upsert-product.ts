import type { SqlClient } from '@tabline/database';

export interface ProductInput {
  readonly id: string;
  readonly eventId: string;
  readonly categoryId: string | null;
  readonly name: string;
  readonly priceCents: number;
  readonly position: number;
  readonly active: boolean;
}

/**
 * Creates or changes a product. Products are never deleted: one taken off the
 * menu is made inactive, so orders already placed keep referring to it.
 */
export async function upsertProduct(db: SqlClient, product: ProductInput) {
  await db.query(
    `insert into products (id, event_id, category_id, name, price_cents, position, active)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do update set category_id = excluded.category_id, name = excluded.name,
       price_cents = excluded.price_cents, position = excluded.position, active = excluded.active
     where products.event_id = excluded.event_id
       and (products.category_id, products.name, products.price_cents, products.position, products.active)
           is distinct from (excluded.category_id, excluded.name, excluded.price_cents,
                             excluded.position, excluded.active)`,
    [
      product.id,
      product.eventId,
      product.categoryId,
      product.name,
      product.priceCents,
      product.position,
      product.active,
    ],
  );
}
