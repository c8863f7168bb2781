import type { SqlClient } from '@tabline/database';
import type { CategoryRecord, ProductRecord } from '@tabline/protocol';

export interface CatalogChanges {
  readonly categories: CategoryRecord[];
  readonly products: ProductRecord[];
  /** The cursor after the last record returned (the input cursor if none). */
  readonly cursor: number;
  readonly hasMore: boolean;
}

interface ChangeRow {
  kind: 'category' | 'product';
  id: string;
  category_id: string | null;
  name: string;
  price_cents: number | null;
  position: number;
  active: boolean;
  sync_seq: number;
}

/**
 * Catalog records of one event changed after `cursor`, oldest change first,
 * at most `limit`. One row more than asked is read to know if more remain.
 */
export async function readCatalogChanges(
  db: SqlClient,
  eventId: string,
  cursor: number,
  limit: number,
): Promise<CatalogChanges> {
  const { rows } = await db.query<ChangeRow>(
    `(select 'category' as kind, id, null::uuid as category_id, name, null::bigint as price_cents,
             position, active, sync_seq
      from categories where event_id = $1 and sync_seq > $2 order by sync_seq limit $3)
     union all
     (select 'product', id, category_id, name, price_cents, position, active, sync_seq
      from products where event_id = $1 and sync_seq > $2 order by sync_seq limit $3)
     order by sync_seq limit $3`,
    [eventId, cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    categories: page.filter((row) => row.kind === 'category').map(toCategory),
    products: page.filter((row) => row.kind === 'product').map(toProduct),
    cursor: page.at(-1)?.sync_seq ?? cursor,
    hasMore: rows.length > limit,
  };
}

function toCategory(row: ChangeRow): CategoryRecord {
  return { id: row.id, name: row.name, position: row.position, active: row.active };
}

function toProduct(row: ChangeRow): ProductRecord {
  return {
    id: row.id,
    categoryId: row.category_id,
    name: row.name,
    priceCents: row.price_cents ?? 0,
    position: row.position,
    active: row.active,
  };
}
