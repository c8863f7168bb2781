import type { SqlClient } from '@tabline/database';
import type { PricingLine } from '@tabline/domain';

export interface OrderToProcess {
  readonly id: string;
  readonly eventId: string;
  readonly eventName: string;
  /** The event's IANA time zone, in which promotion windows are read. */
  readonly timeZone: string;
  readonly wristbandUid: string;
  /** Where it was placed: null for a device with no location. */
  readonly locationId: string | null;
  readonly currency: string;
  /** The device's total: what the counter showed, and the most the tab is ever charged. */
  readonly totalCents: number;
  /** Epoch ms on the device's clock: promotions are judged at this instant. */
  readonly placedAt: number;
  readonly status: 'received' | 'processed';
  /** The tab it was charged to, once processed; null when flagged and charged to no one. */
  readonly tabId: string | null;
  /** What the tab was charged, once processed (0 when charged to no one); null before. */
  readonly chargedCents: number | null;
  readonly flags: string[];
  /** In line order, as rung up (the device's unit prices, categories and discounts). */
  readonly items: (PricingLine & { productName: string; discountCents: number })[];
}

/**
 * The order with its items, locked for this transaction: two workers that got
 * the same job (a redelivery after a crash) process it one after the other,
 * and the second finds it processed.
 */
export async function findOrderForProcessing(
  tx: SqlClient,
  orderId: string,
): Promise<OrderToProcess | null> {
  const { rows } = await tx.query<Omit<OrderToProcess, 'items' | 'placedAt'> & { placedAt: Date }>(
    `select o.id, o.event_id as "eventId", e.name as "eventName", e.time_zone as "timeZone",
            o.wristband_uid as "wristbandUid", o.location_id as "locationId", o.currency, o.total_cents as "totalCents",
            o.placed_at as "placedAt", o.status, o.tab_id as "tabId",
            o.charged_cents as "chargedCents", o.flags
     from orders o join events e on e.id = o.event_id
     where o.id = $1 for update of o`,
    [orderId],
  );
  const order = rows[0];
  if (!order) return null;
  const items = await tx.query<OrderToProcess['items'][number]>(
    `select product_id as "productId", product_name as "productName",
            category_id as "categoryId", unit_price_cents as "unitPriceCents", quantity,
            discount_cents as "discountCents"
     from order_items where order_id = $1 order by line_no`,
    [orderId],
  );
  return { ...order, placedAt: order.placedAt.getTime(), items: items.rows };
}
