/**
 * The catalog `placeOrder` prices with (sellable products, promotions), kept
 * in memory between orders: reading each line's product and every promotion
 * per order was a tenth of placing one, for rows that change only when a
 * pull applies.
 *
 * It is only used while provably current. It is keyed on two counters read
 * inside the order's write transaction: the store's commit count
 * (`store_state.commit_seq`, which every write transaction of the engine
 * moves, a pull or a reset included) and SQLite's `data_version` (which
 * moves when another connection commits). An unchanged key means no catalog
 * row changed since the cache was filled; any other key empties it, and the
 * rows are read again inside the transaction. An order's own transaction
 * changes no catalog row, so once it has committed it carries the key to the
 * count it recorded.
 */
import type { Promotion } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { SellableProduct } from './find-sellable-product.ts';
import { findSellableProduct } from './find-sellable-product.ts';
import { readPromotions } from './read-promotions.ts';

/**
 * The most products kept; past it the cache starts again empty. A catalog
 * holds some hundreds: the bound only stops a run of lookups from growing it
 * without end.
 */
export const CATALOG_CACHE_PRODUCTS_MAX = 5_000;

/** Where the store was when the catalog was read: see above. */
export interface CatalogKey {
  readonly commitSeq: number;
  readonly dataVersion: number;
}

/** The catalog as the store holds it at one key. */
export interface SaleCatalog {
  /** The active product with this id, or undefined if it is unknown or off the menu. */
  findProduct(productId: string): SellableProduct | undefined;
  /** Every promotion the last pull gave. */
  promotions(): readonly Promotion[];
}

export interface CatalogCache {
  /**
   * The catalog at `key`, read through the cache. Call inside the write
   * transaction that read `key`, and use the answer in it only.
   */
  at(db: SqliteDatabase, key: CatalogKey): SaleCatalog;
  /**
   * A transaction that read `key` and changed no catalog row has committed,
   * moving the commit count to `commitSeq`. Call only after its COMMIT.
   */
  carry(key: CatalogKey, commitSeq: number): void;
}

export function createCatalogCache(): CatalogCache {
  let cachedKey: CatalogKey | null = null;
  const products = new Map<string, SellableProduct>();
  let promotions: readonly Promotion[] | null = null;
  const isCurrent = (key: CatalogKey) =>
    cachedKey !== null &&
    cachedKey.commitSeq === key.commitSeq &&
    cachedKey.dataVersion === key.dataVersion;

  return {
    at(db, key) {
      if (!isCurrent(key)) {
        products.clear();
        promotions = null;
        cachedKey = key;
      }
      return {
        findProduct(productId) {
          const cached = products.get(productId);
          if (cached !== undefined) return cached;
          const product = findSellableProduct(db, productId);
          if (product === undefined) return undefined;
          if (products.size >= CATALOG_CACHE_PRODUCTS_MAX) products.clear();
          products.set(productId, product);
          return product;
        },
        promotions: () => (promotions ??= readPromotions(db)),
      };
    },
    carry(key, commitSeq) {
      if (isCurrent(key)) cachedKey = { commitSeq, dataVersion: key.dataVersion };
    },
  };
}
