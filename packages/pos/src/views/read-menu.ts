import type { SqliteDatabase } from '../sqlite-database.ts';
import { readDeviceState } from '../store/read-device-state.ts';

/** What staff can sell now, as the last pull left it. */
export interface Menu {
  readonly currency: string | null;
  /** Active categories in their order, each with its active products. */
  readonly categories: readonly MenuCategory[];
  /** Active products in no category. */
  readonly uncategorized: readonly MenuProduct[];
}

export interface MenuCategory {
  readonly id: string;
  readonly name: string;
  readonly products: readonly MenuProduct[];
}

export interface MenuProduct {
  readonly id: string;
  readonly name: string;
  readonly priceCents: number;
}

interface ProductRow extends MenuProduct {
  readonly categoryId: string | null;
}

/**
 * The menu. A product in a category taken off the menu is not shown; it
 * stays sellable until it is itself marked inactive, so an order rung up on
 * a screen from before the change still goes through.
 */
export function readMenu(db: SqliteDatabase): Menu {
  const categories = db.all<{ id: string; name: string }>(
    'SELECT id, name FROM categories WHERE active = 1 ORDER BY position, name, id',
  );
  const products = db.all<ProductRow>(
    `SELECT id, category_id AS categoryId, name, price_cents AS priceCents
       FROM products WHERE active = 1 ORDER BY position, name, id`,
  );
  const inCategory = (categoryId: string | null) =>
    products
      .filter((product) => product.categoryId === categoryId)
      .map(({ categoryId: _categoryId, ...product }) => product);
  return {
    currency: readDeviceState(db).currency,
    categories: categories.map((category) => ({ ...category, products: inCategory(category.id) })),
    uncategorized: inCategory(null),
  };
}
