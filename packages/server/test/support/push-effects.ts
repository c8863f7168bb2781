import type { SqlClient } from '@tabline/database';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem } from '@tabline/protocol';

/** What a push of these items left in the database, item by item. */
export interface PushEffects {
  readonly orders: number;
  readonly orderItems: number;
  /** Orders named by processing jobs, counted once per job that names them. */
  readonly jobs: number;
  readonly idempotencyKeys: number;
}

export async function pushEffects(
  db: SqlClient,
  deviceId: string,
  items: readonly PlaceOrderWorkItem[],
): Promise<PushEffects> {
  const orderIds = items.map((item) => item.payload.orderId);
  const keys = items.map((item) => item.idempotencyKey);
  const { rows } = await db.query<PushEffects>(
    `select (select count(*)::int from orders where id = any($1::uuid[])) as "orders",
            (select count(*)::int from order_items where order_id = any($1::uuid[])) as "orderItems",
            (select count(*)::int from pgboss.job j, unnest($1::text[]) as named (order_id)
              where j.name = 'process-order' and j.data->'orderIds' ? named.order_id) as "jobs",
            (select count(*)::int from idempotency_keys
              where device_id = $2 and key = any($3::uuid[])) as "idempotencyKeys"`,
    [orderIds, deviceId, keys],
  );
  return rows[0]!;
}

/** The effects of exactly one push of `items`, each with its order lines. */
export function storedOnce(items: readonly PlaceOrderWorkItem[]): PushEffects {
  return {
    orders: items.length,
    orderItems: items.reduce((sum, item) => sum + item.payload.items.length, 0),
    jobs: items.length,
    idempotencyKeys: items.length,
  };
}

export const NOTHING_STORED: PushEffects = {
  orders: 0,
  orderItems: 0,
  jobs: 0,
  idempotencyKeys: 0,
};

/** POST /v1/sync/push of these items with a device token. */
export function push(baseUrl: string, token: string, items: readonly PlaceOrderWorkItem[]) {
  return fetch(baseUrl + PUSH_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
}
