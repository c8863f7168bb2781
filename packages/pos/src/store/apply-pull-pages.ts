import { assert } from '@tabline/domain';
import type { CategoryRecord, PullResponse, ProductRecord } from '@tabline/protocol';
import { inTransaction } from '../in-transaction.ts';
import { CATEGORIES, DEVICE_STATE, PRODUCTS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { recordCommit } from './record-commit.ts';
import { resealRow } from './reseal-row.ts';

export interface AppliedRecords {
  readonly categories: number;
  readonly products: number;
}

/**
 * Applies the pages of one pull, in order, with the event and device facts
 * and the new cursor of the last page, in one transaction: the menu never
 * shows half a pull, and the cursor moves only with the records it covers.
 * Records are upserted by id; one taken off the menu stays, inactive, so an
 * order placed with it still has its name and price.
 */
export function applyPullPages(
  db: SqliteDatabase,
  pages: readonly PullResponse[],
  pulledAt: number,
): AppliedRecords {
  const last = pages.at(-1);
  assert(last !== undefined, 'a pull applies one page or more');
  return inTransaction(db, () => {
    let categories = 0;
    let products = 0;
    for (const page of pages) {
      for (const category of page.categories) upsertCategory(db, category);
      for (const product of page.products) upsertProduct(db, product);
      categories += page.categories.length;
      products += page.products.length;
    }
    updateDeviceState(db, last, pulledAt);
    recordCommit(db);
    return { categories, products };
  });
}

function upsertCategory(db: SqliteDatabase, category: CategoryRecord): void {
  db.run(
    `INSERT INTO categories (id, name, position, active) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       name = excluded.name, position = excluded.position, active = excluded.active`,
    [category.id, category.name, category.position, category.active ? 1 : 0],
  );
  resealRow(db, CATEGORIES, [category.id]);
}

function upsertProduct(db: SqliteDatabase, product: ProductRecord): void {
  db.run(
    `INSERT INTO products (id, category_id, name, price_cents, position, active)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       category_id = excluded.category_id, name = excluded.name,
       price_cents = excluded.price_cents, position = excluded.position,
       active = excluded.active`,
    [
      product.id,
      product.categoryId,
      product.name,
      product.priceCents,
      product.position,
      product.active ? 1 : 0,
    ],
  );
  resealRow(db, PRODUCTS, [product.id]);
}

function updateDeviceState(db: SqliteDatabase, page: PullResponse, pulledAt: number): void {
  const { event, device } = page;
  db.run(
    `UPDATE device_state SET
       event_id = ?, event_name = ?, currency = ?, time_zone = ?,
       device_id = ?, device_name = ?, location_id = ?,
       catalog_cursor = ?, catalog_pulled_at = ?
     WHERE id = 1`,
    [
      event.id,
      event.name,
      event.currency,
      event.timeZone,
      device.id,
      device.name,
      device.locationId,
      page.cursor,
      pulledAt,
    ],
  );
  resealRow(db, DEVICE_STATE, [1]);
}
