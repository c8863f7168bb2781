import type { SqlClient } from '@tabline/database';

export interface CatalogFacts {
  /** The products the batch names that exist, by id. */
  readonly products: ReadonlyMap<string, { readonly priceCents: number; readonly active: boolean }>;
  /** The event's catalog cursor now (the newest change of its catalog and promotions). */
  readonly cursor: number;
}

/** What the server knows of the products a batch names, in one query. */
export async function findCatalogFacts(
  db: SqlClient,
  eventId: string,
  productIds: readonly string[],
): Promise<CatalogFacts> {
  const { rows } = await db.query<{
    id: string | null;
    price_cents: number;
    active: boolean;
    cursor: number;
  }>(
    `select p.id, p.price_cents, p.active, c.cursor
     from (select greatest(
             coalesce((select max(sync_seq) from products where event_id = $1), 0),
             coalesce((select max(sync_seq) from categories where event_id = $1), 0),
             coalesce((select max(sync_seq) from promotions where event_id = $1), 0)) as cursor) c
     left join products p on p.event_id = $1 and p.id = any($2::uuid[])`,
    [eventId, productIds],
  );
  const products = new Map<string, { priceCents: number; active: boolean }>();
  for (const row of rows) {
    if (row.id !== null) products.set(row.id, { priceCents: row.price_cents, active: row.active });
  }
  return { products, cursor: rows[0]?.cursor ?? 0 };
}
