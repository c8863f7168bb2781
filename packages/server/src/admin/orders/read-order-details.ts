import type { SqlClient } from '@tabline/database';
import type { AdjustmentDetails, OrderDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { isoTime } from '../iso-time.ts';

type Dated<T> = Omit<T, 'placedAt' | 'receivedAt'> & { placedAt: Date; receivedAt: Date };

/** An order of the event with its items and its voids and refunds; 404 for any other. */
export async function readOrderDetails(
  db: SqlClient,
  target: { eventId: string; orderId: string },
): Promise<OrderDetails> {
  const { rows } = await db.query<Dated<Omit<OrderDetails, 'items' | 'adjustments'>>>(
    `select id, device_id as "deviceId", device_seq as "deviceSeq", location_id as "locationId",
            wristband_uid as "wristbandUid", currency, total_cents as "totalCents",
            charged_cents as "chargedCents", adjusted_cents as "adjustedCents",
            voided_at is not null as voided,
            placed_at as "placedAt", received_at as "receivedAt", status, flags, tab_id as "tabId"
     from orders where id = $1 and event_id = $2`,
    [target.orderId, target.eventId],
  );
  const order = rows[0];
  if (!order) throw new ProblemError('resource.not_found', 'No such order.');
  const items = await db.query<OrderDetails['items'][number]>(
    `select product_id as "productId", product_name as "productName",
            unit_price_cents as "unitPriceCents", quantity, category_id as "categoryId",
            discount_cents as "discountCents", promotion_ids as "promotionIds"
     from order_items where order_id = $1 order by line_no`,
    [target.orderId],
  );
  return {
    ...order,
    ...times(order),
    items: items.rows,
    adjustments: await readAdjustments(db, { ...target, adjustmentId: null }),
  };
}

/**
 * An order's voids and refunds in the order they were received (or the one
 * named), scoped by the event like everything an admin reads.
 */
export async function readAdjustments(
  db: SqlClient,
  target: { eventId: string; orderId: string; adjustmentId: string | null },
): Promise<AdjustmentDetails[]> {
  const { rows } = await db.query<Dated<AdjustmentDetails>>(
    `select id, kind, amount_cents as "amountCents", reason, approved_by as "approvedBy",
            device_id as "deviceId", placed_at as "placedAt", received_at as "receivedAt"
     from order_adjustments
     where order_id = $1 and event_id = $2 and ($3::uuid is null or id = $3::uuid)
     order by received_at, id`,
    [target.orderId, target.eventId, target.adjustmentId],
  );
  return rows.map((row) => ({ ...row, ...times(row) }));
}

function times(row: { placedAt: Date; receivedAt: Date }) {
  return { placedAt: isoTime(row.placedAt), receivedAt: isoTime(row.receivedAt) };
}
