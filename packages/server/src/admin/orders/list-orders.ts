import type { SqlClient } from '@tabline/database';
import type { OrderSummary } from '@tabline/protocol';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';
import {
  NEEDS_REVIEW,
  ORDER_SUMMARY_COLUMNS,
  ORDER_SUMMARY_JOINS,
  toOrderSummary,
} from './order-summary-columns.ts';
import type { OrderSummaryRow } from './order-summary-columns.ts';

/** Which of the event's orders to list; null: any. */
export interface OrderFilter {
  readonly flagged: boolean | null;
  readonly needsReview: boolean | null;
  readonly locationId: string | null;
  readonly deviceId: string | null;
  /** A normalised code; a code that cannot be a band's matches none. */
  readonly wristbandUid: string | null;
}

/**
 * A page of the event's orders, newest arrival first: by `received_at`
 * (the server's clock; a device's clock may be off) then id, descending,
 * read backwards along `orders (event_id, received_at, id)` from the order
 * named by `after`. Only the filters given are in the statement, so the
 * planner picks the index that fits: the flagged orders' own index, the
 * band's, the device's.
 */
export async function listOrders(
  db: SqlClient,
  eventId: string,
  filter: OrderFilter,
  page: PageRequest,
): Promise<Page<OrderSummary>> {
  const params: unknown[] = [eventId];
  const where = ['o.event_id = $1'];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (page.after !== null) {
    const after = param(page.after);
    where.push(
      `(o.received_at, o.id) < (select received_at, id from orders where id = ${after} and event_id = $1)`,
    );
  }
  if (filter.flagged !== null) where.push(filter.flagged ? `o.flags <> '{}'` : `o.flags = '{}'`);
  if (filter.needsReview !== null) {
    where.push(filter.needsReview ? `o.flags <> '{}' and ${NEEDS_REVIEW}` : `not ${NEEDS_REVIEW}`);
  }
  if (filter.locationId !== null) where.push(`o.location_id = ${param(filter.locationId)}`);
  if (filter.deviceId !== null) where.push(`o.device_id = ${param(filter.deviceId)}`);
  if (filter.wristbandUid !== null) where.push(`o.wristband_uid = ${param(filter.wristbandUid)}`);
  const { rows } = await db.query<OrderSummaryRow>(
    `select ${ORDER_SUMMARY_COLUMNS}
     from orders o ${ORDER_SUMMARY_JOINS}
     where ${where.join(' and ')}
     order by o.received_at desc, o.id desc
     limit ${param(page.limit + 1)}`,
    params,
  );
  return toPage(rows.map(toOrderSummary), page);
}
