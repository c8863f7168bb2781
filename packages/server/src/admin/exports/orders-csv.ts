import type { SqlClient } from '@tabline/database';
import type { OrderSummary } from '@tabline/protocol';
import {
  ORDER_SUMMARY_COLUMNS,
  ORDER_SUMMARY_JOINS,
  toOrderSummary,
} from '../orders/order-summary-columns.ts';
import type { OrderSummaryRow } from '../orders/order-summary-columns.ts';
import { csvLine } from './csv-line.ts';
import { csvMoney } from './csv-money.ts';
import { CSV_EXPORT_BATCH_ROWS } from './export-limits.ts';

export const ORDERS_CSV_HEADER = [
  'order_id',
  'placed_at',
  'received_at',
  'device_id',
  'device_name',
  'location_id',
  'location_name',
  'wristband_uid',
  'attendee_id',
  'attendee_name',
  'currency',
  'total',
  'charged',
  'adjusted',
  'voided',
  'status',
  'processed_at',
  'items',
  'flags',
  'needs_review',
  'reviewed_at',
  'review_reason',
] as const;

/**
 * The event's orders as CSV, oldest arrival first, one line per order:
 * money as decimal strings in the event's currency (named on each line),
 * times in UTC (RFC 3339), the lines as `2 x Lager; 1 x Water`, flags
 * separated by spaces. Read in batches of `batchRows` along
 * `orders (event_id, received_at, id)`, so the file is streamed, never held
 * whole.
 */
export async function* ordersCsv(
  db: SqlClient,
  eventId: string,
  batchRows: number = CSV_EXPORT_BATCH_ROWS,
): AsyncGenerator<string> {
  yield csvLine(ORDERS_CSV_HEADER);
  let after: string | null = null;
  for (;;) {
    const batch = await readOrderBatch(db, eventId, after, batchRows);
    if (batch.length === 0) return;
    const items = await readItemLines(
      db,
      batch.map((order) => order.id),
    );
    yield batch.map((order) => csvLine(orderCells(order, items.get(order.id) ?? ''))).join('');
    if (batch.length < batchRows) return;
    after = batch.at(-1)!.id;
  }
}

async function readOrderBatch(
  db: SqlClient,
  eventId: string,
  after: string | null,
  batchRows: number,
) {
  const { rows } = await db.query<OrderSummaryRow>(
    `select ${ORDER_SUMMARY_COLUMNS}
     from orders o ${ORDER_SUMMARY_JOINS}
     where o.event_id = $1
       and ($2::uuid is null
            or (o.received_at, o.id) > (select received_at, id from orders
                                        where id = $2::uuid and event_id = $1))
     order by o.received_at, o.id
     limit $3`,
    [eventId, after, batchRows],
  );
  return rows.map(toOrderSummary);
}

/** Each order's lines as `2 x Lager; 1 x Water`, in line order. */
async function readItemLines(db: SqlClient, orderIds: readonly string[]) {
  const { rows } = await db.query<{ orderId: string; items: string }>(
    `select order_id as "orderId",
            string_agg(quantity || ' x ' || product_name, '; ' order by line_no) as items
     from order_items where order_id = any($1::uuid[]) group by order_id`,
    [orderIds],
  );
  return new Map(rows.map((row) => [row.orderId, row.items]));
}

function orderCells(order: OrderSummary, items: string) {
  const { currency } = order;
  return [
    order.id,
    order.placedAt,
    order.receivedAt,
    order.deviceId,
    order.deviceName,
    order.locationId,
    order.locationName,
    order.wristbandUid,
    order.attendeeId,
    order.attendeeName,
    currency,
    csvMoney(order.totalCents, currency),
    csvMoney(order.chargedCents, currency),
    csvMoney(order.adjustedCents, currency),
    order.voided,
    order.status,
    order.processedAt,
    items,
    order.flags.join(' '),
    order.needsReview,
    order.review?.reviewedAt ?? null,
    order.review?.reason ?? null,
  ];
}
