import { assert } from '@tabline/domain';
import type {
  ApproverRecord,
  CategoryRecord,
  ProductRecord,
  PromotionRecord,
  PullResponse,
  WristbandRecord,
} from '@tabline/protocol';
import { inTransaction } from '../in-transaction.ts';
import {
  APPROVERS,
  CATEGORIES,
  DEVICE_STATE,
  PRODUCTS,
  PROMOTIONS,
  WRISTBANDS,
} from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';
import { recordCommit } from './record-commit.ts';
import { resealRow } from './reseal-row.ts';

export interface AppliedRecords {
  readonly categories: number;
  readonly products: number;
  readonly promotions: number;
  readonly wristbands: number;
  /** Managers who can approve voids and refunds on this device now. */
  readonly approvers: number;
}

/**
 * Applies the pages of one pull (catalog, promotions, the wristband list), in
 * order, with the event's facts and offline rules and the new cursor of the
 * last page, in one transaction: the menu never
 * shows half a pull, and the cursor moves only with the records it covers.
 * Records are upserted by id; one taken off the menu stays, inactive, so an
 * order placed with it still has its name and price. The approvers are not
 * changes: every page lists them all, and the last page's list replaces the
 * one held, so a manager removed or whose PIN changed approves no more.
 */
export function applyPullPages(
  db: SqliteDatabase,
  pages: readonly PullResponse[],
  pulledAt: number,
): AppliedRecords {
  const last = pages.at(-1);
  assert(last !== undefined, 'a pull applies one page or more');
  return inTransaction(db, () => {
    const applied = { categories: 0, products: 0, promotions: 0, wristbands: 0 };
    for (const page of pages) {
      for (const category of page.categories) upsertCategory(db, category);
      for (const product of page.products) upsertProduct(db, product);
      for (const promotion of page.promotions) upsertPromotion(db, promotion);
      for (const wristband of page.wristbands) upsertWristband(db, wristband);
      applied.categories += page.categories.length;
      applied.products += page.products.length;
      applied.promotions += page.promotions.length;
      applied.wristbands += page.wristbands.length;
    }
    replaceApprovers(db, last.approvers);
    updateDeviceState(db, last, pulledAt);
    recordCommit(db);
    return { ...applied, approvers: last.approvers.length };
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

function upsertPromotion(db: SqliteDatabase, promotion: PromotionRecord): void {
  db.run(
    `INSERT INTO promotions (id, definition) VALUES (?, ?)
     ON CONFLICT (id) DO UPDATE SET definition = excluded.definition`,
    [promotion.id, JSON.stringify(promotion)],
  );
  resealRow(db, PROMOTIONS, [promotion.id]);
}

function upsertWristband(db: SqliteDatabase, wristband: WristbandRecord): void {
  db.run(
    `INSERT INTO wristbands (uid, status, tier, tab_limit_cents) VALUES (?, ?, ?, ?)
     ON CONFLICT (uid) DO UPDATE SET
       status = excluded.status, tier = excluded.tier, tab_limit_cents = excluded.tab_limit_cents`,
    [wristband.uid, wristband.status, wristband.tier, wristband.tabLimitCents],
  );
  resealRow(db, WRISTBANDS, [wristband.uid]);
}

function replaceApprovers(db: SqliteDatabase, approvers: readonly ApproverRecord[]): void {
  db.run('DELETE FROM approvers');
  for (const approver of approvers) {
    insertSealedRow(db, APPROVERS, {
      staff_user_id: approver.staffUserId,
      name: approver.name,
      pin_key_id: approver.pinKeyId,
      salt_hex: approver.saltHex,
      iterations: approver.iterations,
      verifier_hex: approver.verifierHex,
    });
  }
}

function updateDeviceState(db: SqliteDatabase, page: PullResponse, pulledAt: number): void {
  const { event, device } = page;
  db.run(
    `UPDATE device_state SET
       event_id = ?, event_name = ?, currency = ?, time_zone = ?,
       device_id = ?, device_name = ?, location_id = ?,
       catalog_cursor = ?, catalog_pulled_at = ?,
       offline_spending_limit_cents = ?, offline_warning_seconds = ?
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
      event.offlineSpendingLimitCents,
      event.offlineWarningSeconds,
    ],
  );
  resealRow(db, DEVICE_STATE, [1]);
}
