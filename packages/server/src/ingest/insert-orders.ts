import { preparedStatement } from '@tabline/database';
import type { SqlClient } from '@tabline/database';
import type { OrderPayload } from '@tabline/protocol';
import type { StoredResult } from './stored-result.ts';

export interface NewOrder {
  readonly payload: OrderPayload;
  readonly deviceSeq: number;
  readonly receivedAt: string;
  readonly flags: readonly string[];
}

/** A work item of a push: its key, its fingerprint, the outcome to store, and its order if accepted. */
export interface NewWorkItem {
  readonly key: string;
  readonly hash: string;
  readonly result: StoredResult;
  readonly order: NewOrder | null;
}

export interface StoredWorkItems {
  /** Keys this push claimed first; any other was stored by an earlier push. */
  readonly freshKeys: ReadonlySet<string>;
  /** Orders inserted; an order of a fresh key missing here has an id that was taken. */
  readonly insertedOrders: ReadonlySet<string>;
}

/**
 * Claims the items' idempotency keys for this device and inserts the orders
 * (with their items) of the keys it claimed, in ONE statement: a push pays
 * one round trip for them, not three. A key another transaction is inserting
 * makes this one wait for it, then count as taken; keys are inserted in
 * sorted order so concurrent batches lock in the same order and cannot
 * deadlock. An order id that already exists (the same sale sent under
 * another key, a device bug, a forgery) is left alone for the caller to
 * settle.
 *
 * The statement answers the exceptions only: the keys stored before, and
 * the orders of fresh keys whose id was taken. Both are almost always none,
 * so a push of 100 orders reads back no rows, where reading back every key
 * and order cost it 200 rows to send and parse.
 */
export async function insertKeysAndOrders(
  tx: SqlClient,
  scope: { eventId: string; deviceId: string },
  items: readonly NewWorkItem[],
): Promise<StoredWorkItems> {
  if (items.length === 0) return { freshKeys: new Set(), insertedOrders: new Set() };
  const orders = firstOfEachOrderId(items);
  const { rows } = await tx.query<{ kind: 'key' | 'order'; id: string }>(INSERT_KEYS_AND_ORDERS, [
    scope.eventId,
    scope.deviceId,
    JSON.stringify(items.map(({ key, hash, result }) => ({ key, hash, result }))),
    JSON.stringify(orders.map((item) => toOrderRow(item.key, item.order))),
    JSON.stringify(orders.flatMap((item) => toItemRows(item.order))),
  ]);
  // Keys and order ids are lower-case UUIDs (the protocol's schema), the very
  // text PostgreSQL answers for them.
  const takenKeys = new Set<string>();
  const takenOrderIds = new Set<string>();
  for (const row of rows) (row.kind === 'key' ? takenKeys : takenOrderIds).add(row.id);
  const freshKeys = new Set(items.map((item) => item.key).filter((key) => !takenKeys.has(key)));
  const insertedOrders = new Set(
    orders
      .filter((item) => freshKeys.has(item.key) && !takenOrderIds.has(item.order.payload.orderId))
      .map((item) => item.order.payload.orderId),
  );
  return { freshKeys, insertedOrders };
}

const INSERT_KEYS_AND_ORDERS = preparedStatement(
  'insert-keys-and-orders',
  `with item_keys as materialized (
     select * from jsonb_to_recordset($3::jsonb) as k(key uuid, hash text, result jsonb)
   ), item_orders as materialized (
     select * from jsonb_to_recordset($4::jsonb) as o(key uuid, id uuid, device_seq bigint,
       location_id uuid, wristband_uid text, currency text, total_cents bigint,
       placed_at timestamptz, received_at timestamptz, catalog_version bigint, flags text[])
   ), new_keys as (
     insert into idempotency_keys (device_id, key, request_hash, result)
     select $2, k.key, decode(k.hash, 'hex'), k.result
     from item_keys as k
     order by k.key
     on conflict (device_id, key) do nothing
     returning key
   ), new_orders as (
     insert into orders (id, event_id, device_id, device_seq, location_id, wristband_uid,
                         currency, total_cents, placed_at, received_at, catalog_version, flags)
     select o.id, $1, $2, o.device_seq, o.location_id, o.wristband_uid, o.currency,
            o.total_cents, o.placed_at, o.received_at, o.catalog_version, o.flags
     from item_orders as o
     where o.key in (select key from new_keys)
     on conflict (id) do nothing
     returning id
   ), new_items as (
     insert into order_items (order_id, line_no, product_id, product_name, unit_price_cents,
                              quantity, category_id, discount_cents, promotion_ids)
     select i.order_id, i.line_no, i.product_id, i.product_name, i.unit_price_cents,
            i.quantity, i.category_id, i.discount_cents, i.promotion_ids
     from jsonb_to_recordset($5::jsonb) as i(order_id uuid, line_no integer, product_id uuid,
       product_name text, unit_price_cents bigint, quantity integer, category_id uuid,
       discount_cents bigint, promotion_ids uuid[])
     where i.order_id in (select id from new_orders)
   )
   select 'key' as kind, key as id from item_keys
   where key not in (select key from new_keys)
   union all
   select 'order', id from item_orders
   where key in (select key from new_keys) and id not in (select id from new_orders)`,
);

/**
 * The items with an order, the first of each order id only: a second item of
 * the batch with the same order id is settled like one sent in an earlier
 * push (its lines must not be inserted under the first one's order). The POS
 * never sends one order under two keys; if a forged batch does, and the
 * first key was stored before with a rejection, the second is refused as
 * `order.id_conflict` and nothing is stored twice.
 */
function firstOfEachOrderId(items: readonly NewWorkItem[]) {
  const seen = new Set<string>();
  const orders: { key: string; order: NewOrder }[] = [];
  for (const { key, order } of items) {
    if (order === null || seen.has(order.payload.orderId)) continue;
    seen.add(order.payload.orderId);
    orders.push({ key, order });
  }
  return orders;
}

function toOrderRow(key: string, order: NewOrder) {
  const { payload } = order;
  return {
    key,
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
