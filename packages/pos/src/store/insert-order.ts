import type { Order } from '@tabline/domain';
import { ORDERS, ORDER_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';

/** Writes a new order and its items, queued for sync, each row sealed with its checksum. */
export function insertOrder(db: SqliteDatabase, order: Order, catalogVersion: number): void {
  insertSealedRow(db, ORDERS, {
    id: order.id,
    wristband_uid: order.wristbandUid,
    location_id: order.locationId,
    currency: order.currency,
    total_cents: order.totalCents,
    placed_at: order.placedAt,
    catalog_version: catalogVersion,
    sync_state: 'queued',
    server_received_at: null,
    server_flags: null,
    rejection_code: null,
    rejection_message: null,
  });
  order.items.forEach((item, index) => {
    insertSealedRow(db, ORDER_ITEMS, {
      order_id: order.id,
      line_no: index + 1,
      product_id: item.productId,
      product_name: item.productName,
      unit_price_cents: item.unitPriceCents,
      quantity: item.quantity,
      category_id: item.categoryId,
      discount_cents: item.discountCents,
      promotion_ids: JSON.stringify(item.promotionIds),
    });
  });
}
