import type { SqlClient } from '@tabline/database';

export interface OrderToProcess {
  readonly id: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly wristbandUid: string;
  readonly currency: string;
  readonly totalCents: number;
  readonly status: 'received' | 'processed';
  /** The tab it was charged to, once processed; null when flagged and charged to no one. */
  readonly tabId: string | null;
  readonly flags: string[];
  readonly items: { productName: string; quantity: number }[];
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
  const { rows } = await tx.query<Omit<OrderToProcess, 'items'>>(
    `select o.id, o.event_id as "eventId", e.name as "eventName", o.wristband_uid as "wristbandUid",
            o.currency, o.total_cents as "totalCents", o.status, o.tab_id as "tabId", o.flags
     from orders o join events e on e.id = o.event_id
     where o.id = $1 for update of o`,
    [orderId],
  );
  const order = rows[0];
  if (!order) return null;
  const items = await tx.query<{ productName: string; quantity: number }>(
    `select product_name as "productName", quantity from order_items
     where order_id = $1 order by line_no`,
    [orderId],
  );
  return { ...order, items: items.rows };
}
