/**
 * What the last pull gave that every order reads (the event's rules, the
 * wristband list, the products and the promotions), kept in memory between
 * orders: reading them took four statements or more per order, for rows that
 * change only when a pull applies.
 *
 * It is only used while provably current. It is keyed on two counters read
 * inside the order's write transaction: the store's commit count
 * (`store_state.commit_seq`, which every write transaction of the engine
 * moves, a pull or a reset included) and SQLite's `data_version` (which
 * moves when another connection commits). An unchanged key means no row
 * changed since the cache was filled; any other key empties it, and the
 * rows are read again inside the transaction. An order's own transaction
 * changes none of these rows, so once it has committed it carries the key
 * to the count it recorded.
 */
import type { Promotion } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { SellableProduct } from './find-sellable-product.ts';
import { findSellableProduct } from './find-sellable-product.ts';
import type { KnownWristband } from './find-wristband.ts';
import { findWristband } from './find-wristband.ts';
import type { SaleContext } from './read-device-state.ts';
import { readSaleContext } from './read-device-state.ts';
import { readPromotions } from './read-promotions.ts';

/**
 * The most products, and the most wristbands, kept; past it that map starts
 * again empty. An event has some hundreds of products and some thousands of
 * bands a device serves: the bound only stops a run of lookups (unknown
 * bands are kept too) from growing it without end.
 */
export const PULL_CACHE_ENTRIES_MAX = 10_000;

/** Where the store was when the rows were read: see above. */
export interface PullCacheKey {
  readonly commitSeq: number;
  readonly dataVersion: number;
}

/** What the last pull gave, as the store holds it at one key. */
export interface PulledFacts {
  /** The event's currency, time zone and offline limit, the location, the catalog cursor. */
  saleContext(): SaleContext;
  /** The band from the pulled list, or undefined for a band this POS has not heard of. */
  findBand(uid: string): KnownWristband | undefined;
  /** The active product with this id, or undefined if it is unknown or off the menu. */
  findProduct(productId: string): SellableProduct | undefined;
  /** Every promotion the last pull gave. */
  promotions(): readonly Promotion[];
}

export interface PullCache {
  /**
   * What the store holds at `key`, read through the cache. Call inside the
   * write transaction that read `key`, and use the answer in it only.
   */
  at(db: SqliteDatabase, key: PullCacheKey): PulledFacts;
  /**
   * A transaction that read `key` and changed none of these rows has
   * committed, moving the commit count to `commitSeq`. Call only after its
   * COMMIT.
   */
  carry(key: PullCacheKey, commitSeq: number): void;
}

export function createPullCache(): PullCache {
  let cachedKey: PullCacheKey | null = null;
  let sale: SaleContext | null = null;
  let promotions: readonly Promotion[] | null = null;
  const bands = new Map<string, KnownWristband | null>();
  const products = new Map<string, SellableProduct | null>();
  const isCurrent = (key: PullCacheKey) =>
    cachedKey !== null &&
    cachedKey.commitSeq === key.commitSeq &&
    cachedKey.dataVersion === key.dataVersion;

  return {
    at(db, key) {
      if (!isCurrent(key)) {
        sale = null;
        promotions = null;
        bands.clear();
        products.clear();
        cachedKey = key;
      }
      return {
        saleContext: () => (sale ??= readSaleContext(db)),
        findBand: (uid) => remember(bands, uid, () => findWristband(db, uid)),
        findProduct: (id) => remember(products, id, () => findSellableProduct(db, id)),
        promotions: () => (promotions ??= readPromotions(db)),
      };
    },
    carry(key, commitSeq) {
      if (isCurrent(key)) cachedKey = { commitSeq, dataVersion: key.dataVersion };
    },
  };
}

/** The entry for `id`, read once; a row that is not there is remembered as null. */
function remember<T>(
  entries: Map<string, T | null>,
  id: string,
  read: () => T | undefined,
): T | undefined {
  let entry = entries.get(id);
  if (entry === undefined) {
    entry = read() ?? null;
    if (entries.size >= PULL_CACHE_ENTRIES_MAX) entries.clear();
    entries.set(id, entry);
  }
  return entry ?? undefined;
}
