import type { SqlClient } from '@tabline/database';
import type { OrderPayload } from '@tabline/protocol';

export interface NewOrder {
  readonly payload: OrderPayload;
  readonly deviceSeq: number;
  readonly receivedAt: string;
  readonly flags: readonly string[];
}

/**
 * Inserts orders and their items as two multi-row statements, and returns the
 * ids that were new. An id that already exists belongs to another order (a
 * device bug or a forgery): it is left alone and the caller rejects the item.
 */
export async function insertOrders(
  tx: SqlClient,
  scope: { eventId: string; deviceId: string },
  orders: readonly NewOrder[],
): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const { rows } = await tx.query<{ id: string }>(
    `insert into orders (id, event_id, device_id, device_seq, location_id, wristband_uid,
                         currency, total_cents, placed_at, received_at, catalog_version, flags)
     select o.id, $1, $2, o.device_seq, o.location_id, o.wristband_uid, o.currency,
            o.total_cents, o.placed_at, o.received_at, o.catalog_version, o.flags
     from jsonb_to_recordset($3::jsonb) as o(id uuid, device_seq bigint, location_id uuid,
       wristband_uid text, currency text, total_cents bigint, placed_at timestamptz,
       received_at timestamptz, catalog_version bigint, flags text[])
     on conflict (id) do nothing
     returning id`,
    [scope.eventId, scope.deviceId, JSON.stringify(orders.map(toOrderRow))],
  );
  const inserted = new Set(rows.map((row) => row.id));
  const items = orders.filter((order) => inserted.has(order.payload.orderId)).flatMap(toItemRows);
  if (items.length > 0) {
    await tx.query(
      `insert into order_items (order_id, line_no, product_id, product_name, unit_price_cents,
                                quantity, category_id, discount_cents, promotion_ids)
       select i.order_id, i.line_no, i.product_id, i.product_name, i.unit_price_cents, i.quantity,
              i.category_id, i.discount_cents, i.promotion_ids
       from jsonb_to_recordset($1::jsonb) as i(order_id uuid, line_no integer, product_id uuid,
         product_name text, unit_price_cents bigint, quantity integer, category_id uuid,
         discount_cents bigint, promotion_ids uuid[])`,
      [JSON.stringify(items)],
    );
  }
  return inserted;
}

function toOrderRow(order: NewOrder) {
  const { payload } = order;
  return {
    id: payload.orderId,
    device_seq: order.deviceSeq,
    location_id: payload.locationId,
    wristband_uid: payload.wristbandUid,
    currency: payload.currency,
    total_cents: payload.totalCents,
    placed_at: payload.placedAt,
    received_at: order.receivedAt,
    catalog_version: payload.catalogVersion,
    flags: order.flags,
  };
}

function toItemRows(order: NewOrder) {
  return order.payload.items.map((item, index) => ({
    order_id: order.payload.orderId,
    line_no: index + 1,
    product_id: item.productId,
    product_name: item.productName,
    unit_price_cents: item.unitPriceCents,
    quantity: item.quantity,
    category_id: item.categoryId,
    discount_cents: item.discountCents,
    promotion_ids: item.promotionIds,
  }));
}
