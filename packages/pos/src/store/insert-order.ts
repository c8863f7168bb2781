import type { Order } from '@tabline/domain';
import { ORDERS, ORDER_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';
import { orderItemRow } from './order-item-row.ts';

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
    insertSealedRow(db, ORDER_ITEMS, orderItemRow(order.id, item, index));
  });
}
