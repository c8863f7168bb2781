import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { orderReference, receiptText } from '@tabline/domain';

/** An order received and not processed, with what processing it writes needs. */
export interface RawProcessingOrder {
  readonly orderId: string;
  readonly eventId: string;
  readonly eventName: string;
  /** The attendee's tab, opened beforehand. */
  readonly tabId: string;
  readonly phone: string;
  readonly currency: string;
  readonly totalCents: number;
  readonly items: readonly { productName: string; quantity: number }[];
}

export interface RawProcessingTimes {
  readonly seconds: number;
  /** Each order's transaction, BEGIN to COMMIT. */
  readonly transactionsMs: readonly number[];
}

/**
 * The physical limit the order processor is compared with: for each order,
 * one after the other on one connection, one transaction holding the writes
 * processing makes and nothing else: the ledger row, the tab's balance
 * (returned, for the receipt), the receipt's row and the order marked
 * processed. No reads, no locks taken first, no job for the receipt, no
 * queue: the SQL a processor could not do without.
 */
export async function rawPostgresProcessing(
  url: string,
  orders: readonly RawProcessingOrder[],
): Promise<RawProcessingTimes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const transactionsMs: number[] = [];
    const started = performance.now();
    for (const order of orders) {
      const begun = performance.now();
      await client.query('begin');
      await writeProcessing(client, order);
      await client.query('commit');
      transactionsMs.push(performance.now() - begun);
    }
    return { seconds: (performance.now() - started) / 1000, transactionsMs };
  } finally {
    await client.end();
  }
}

async function writeProcessing(client: pg.Client, order: RawProcessingOrder) {
  await client.query(
    `insert into ledger_entries (tab_id, order_id, kind, amount_cents) values ($1, $2, 'order', $3)`,
    [order.tabId, order.orderId, order.totalCents],
  );
  const { rows } = await client.query<{ balance: string }>(
    'update tabs set balance_cents = balance_cents + $2 where id = $1 returning balance_cents as balance',
    [order.tabId, order.totalCents],
  );
  const body = receiptText({
    eventName: order.eventName,
    items: order.items,
    totalCents: order.totalCents,
    tabBalanceCents: Number(rows[0]!.balance),
    currency: order.currency,
    reference: orderReference(order.orderId),
  });
  await client.query(
    `insert into sms_messages (id, event_id, order_id, purpose, to_phone, body, status)
     values ($1, $2, $3, 'receipt', $4, $5, 'pending')`,
    [randomUUID(), order.eventId, order.orderId, order.phone, body],
  );
  await client.query(
    `update orders set status = 'processed', tab_id = $2, charged_cents = $3, processed_at = now()
     where id = $1`,
    [order.orderId, order.tabId, order.totalCents],
  );
}
