import pg from 'pg';
import type { OrderPayload } from '@tabline/protocol';

/** The event, device and location the rows belong to in the baseline's database. */
export interface RawScope {
  readonly eventId: string;
  readonly deviceId: string;
  readonly locationId: string;
}

/** Orders per transaction in the baseline, as a batching client would send them. */
export const RAW_ORDERS_PER_TRANSACTION = 100;

/**
 * The physical limit the server's ingest is compared with: the same order
 * and order-item rows written by one process with multi-row INSERTs, 100
 * orders per transaction, and nothing else (no idempotency records, no jobs,
 * no HTTP, no validation). Returns orders per second.
 */
export async function rawPostgresInserts(
  url: string,
  scope: RawScope,
  payloads: readonly OrderPayload[],
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (let i = 0; i < payloads.length; i += RAW_ORDERS_PER_TRANSACTION) {
      const batch = payloads.slice(i, i + RAW_ORDERS_PER_TRANSACTION);
      await client.query('begin');
      await insertOrders(client, scope, batch, i);
      await insertItems(client, batch);
      await client.query('commit');
    }
    return payloads.length / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

async function insertOrders(
  client: pg.Client,
  scope: RawScope,
  batch: readonly OrderPayload[],
  offset: number,
) {
  const values: unknown[] = [];
  const rows = batch.map((order, index) => {
    values.push(
      order.orderId,
      scope.eventId,
      scope.deviceId,
      offset + index + 1,
      scope.locationId,
      order.wristbandUid,
      order.currency,
      order.totalCents,
      order.placedAt,
      order.catalogVersion,
    );
    const p = index * 10;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, now(), $${p + 10})`;
  });
  await client.query(
    `insert into orders (id, event_id, device_id, device_seq, location_id, wristband_uid, currency,
                         total_cents, placed_at, received_at, catalog_version)
     values ${rows.join(', ')}`,
    values,
  );
}

async function insertItems(client: pg.Client, batch: readonly OrderPayload[]) {
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const order of batch) {
    order.items.forEach((item, index) => {
      const p = values.length;
      values.push(
        order.orderId,
        index + 1,
        item.productId,
        item.productName,
        item.unitPriceCents,
        item.quantity,
        item.categoryId,
        item.discountCents,
      );
      rows.push(
        `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`,
      );
    });
  }
  await client.query(
    `insert into order_items (order_id, line_no, product_id, product_name, unit_price_cents,
                              quantity, category_id, discount_cents)
     values ${rows.join(', ')}`,
    values,
  );
}
