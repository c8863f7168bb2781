import type { Order } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** Writes a new order and its items, queued for sync. */
export function insertOrder(db: SqliteDatabase, order: Order, catalogVersion: number): void {
  db.run(
    `INSERT INTO orders (id, wristband_uid, location_id, currency, total_cents, placed_at, catalog_version)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      order.id,
      order.wristbandUid,
      order.locationId,
      order.currency,
      order.totalCents,
      order.placedAt,
      catalogVersion,
    ],
  );
  order.items.forEach((item, index) => {
    db.run(
      `INSERT INTO order_items (order_id, line_no, product_id, product_name, unit_price_cents, quantity)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [order.id, index + 1, item.productId, item.productName, item.unitPriceCents, item.quantity],
    );
  });
}
