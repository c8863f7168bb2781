import type { SqliteDatabase } from '../sqlite-database.ts';

/** A product the POS may sell now, as the local catalog prices it. */
export interface SellableProduct {
  readonly id: string;
  readonly name: string;
  readonly categoryId: string | null;
  readonly priceCents: number;
}

/** The active product with this id, or undefined if it is unknown or off the menu. */
export function findSellableProduct(
  db: SqliteDatabase,
  productId: string,
): SellableProduct | undefined {
  return db.get<SellableProduct>(
    `SELECT id, name, category_id AS categoryId, price_cents AS priceCents
       FROM products WHERE id = ? AND active = 1`,
    [productId],
  );
}
