import type { SqlClient } from '@tabline/database';
import type { EventSales } from '@tabline/protocol';

/**
 * An event's sales worked out the slow, obvious way from its ledger entries
 * and order items, one row at a time in JavaScript, so the endpoint's
 * aggregates are checked against something that shares none of its SQL:
 * money by kind of entry, each order's net to its location and to the hour
 * of its placed time (cut with Intl in the event's time zone), and to its
 * lines by the documented rule (cumulative floors in proportion to the line
 * amounts, in BigInt). Entries are found through their orders, not their
 * tabs as the endpoint finds them.
 */
export async function salesFromLedger(
  db: SqlClient,
  eventId: string,
  timeZone: string,
): Promise<LedgerSales> {
  const orders = await readOrders(db, eventId);
  const entries = await readEntries(db, eventId);
  const items = await readItems(db, eventId);
  const netOf = new Map<string, number>();
  const totals = { chargedCents: 0, voidedCents: 0, refundedCents: 0, netCents: 0 };
  for (const entry of entries) {
    netOf.set(entry.orderId, (netOf.get(entry.orderId) ?? 0) + entry.amountCents);
    totals.netCents += entry.amountCents;
    if (entry.kind === 'order') totals.chargedCents += entry.amountCents;
    if (entry.kind === 'void') totals.voidedCents -= entry.amountCents;
    if (entry.kind === 'refund') totals.refundedCents -= entry.amountCents;
  }
  const processed = orders.filter((order) => order.status === 'processed');
  const byLocation = new Map<string | null, { netCents: number; orders: number }>();
  const byHour = new Map<string, { netCents: number; orders: number }>();
  for (const order of processed) {
    const netCents = netOf.get(order.id) ?? 0;
    add(byLocation, order.locationId, { netCents, orders: 1 });
    add(byHour, localHourStart(order.placedAt, timeZone), { netCents, orders: 1 });
  }
  const byProduct = new Map<string, { quantity: number; netCents: number }>();
  for (const order of processed) {
    const lines = items.filter((item) => item.orderId === order.id);
    const shares = shareByAmount(netOf.get(order.id) ?? 0, lines.map(amountOf));
    lines.forEach((line, index) =>
      add(byProduct, line.productId, { quantity: line.quantity, netCents: shares[index]! }),
    );
  }
  return {
    totals: {
      ...totals,
      orders: orders.length,
      processedOrders: processed.length,
      pendingOrders: orders.length - processed.length,
    },
    byLocation: sortedBy(
      [...byLocation].map(([locationId, sums]) => ({ locationId, ...sums })),
      (row) => row.locationId ?? '',
    ),
    byProduct: sortedBy(
      [...byProduct].map(([productId, sums]) => ({ productId, ...sums })),
      (row) => row.productId,
    ),
    byHour: sortedBy(
      [...byHour].map(([hour, sums]) => ({ hour, ...sums })),
      (row) => row.hour,
    ),
  };
}

/** The endpoint's figures without names, each list sorted by its key, as `salesFromLedger` has them. */
export function figuresOf(sales: EventSales): LedgerSales {
  return {
    totals: sales.totals,
    byLocation: sortedBy(
      sales.byLocation.map(({ name: _, ...row }) => row),
      (row) => row.locationId ?? '',
    ),
    byProduct: sortedBy(
      sales.byProduct.map(({ name: _, ...row }) => row),
      (row) => row.productId,
    ),
    byHour: sortedBy(sales.byHour, (row) => row.hour),
  };
}

type Unnamed<T> = Omit<T, 'name'>;

export interface LedgerSales {
  readonly totals: EventSales['totals'];
  readonly byLocation: Unnamed<EventSales['byLocation'][number]>[];
  readonly byProduct: Unnamed<EventSales['byProduct'][number]>[];
  readonly byHour: EventSales['byHour'];
}

function sortedBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Cumulative floors: the first k lines get floor(net x their amount / total). */
function shareByAmount(netCents: number, amounts: number[]): number[] {
  const weights = amounts.every((amount) => amount === 0) ? amounts.map(() => 1) : amounts;
  const total = BigInt(weights.reduce((sum, weight) => sum + weight, 0));
  const net = BigInt(netCents);
  let through = 0n;
  return weights.map((weight) => {
    const before = (net * through) / total;
    through += BigInt(weight);
    return Number((net * through) / total - before);
  });
}

/** The instant the hour of `at` starts on the clocks of `timeZone`. */
function localHourStart(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const intoHourMs = (part('minute') * 60 + part('second')) * 1000 + at.getUTCMilliseconds();
  return new Date(at.getTime() - intoHourMs).toISOString();
}

function amountOf(item: { unitPriceCents: number; quantity: number; discountCents: number }) {
  return item.unitPriceCents * item.quantity - item.discountCents;
}

function add<K, V extends Record<string, number>>(map: Map<K, V>, key: K, value: V) {
  const sums: Record<string, number> | undefined = map.get(key);
  if (!sums) map.set(key, { ...value });
  else for (const [field, n] of Object.entries(value)) sums[field] = (sums[field] ?? 0) + n;
}

async function readOrders(db: SqlClient, eventId: string) {
  const { rows } = await db.query<{
    id: string;
    locationId: string | null;
    placedAt: Date;
    status: string;
  }>(
    `select id, location_id as "locationId", placed_at as "placedAt", status
     from orders where event_id = $1`,
    [eventId],
  );
  return rows;
}

async function readEntries(db: SqlClient, eventId: string) {
  const { rows } = await db.query<{ orderId: string; kind: string; amountCents: number }>(
    `select l.order_id as "orderId", l.kind, l.amount_cents as "amountCents"
     from ledger_entries l join orders o on o.id = l.order_id where o.event_id = $1`,
    [eventId],
  );
  return rows;
}

async function readItems(db: SqlClient, eventId: string) {
  const { rows } = await db.query<{
    orderId: string;
    productId: string;
    unitPriceCents: number;
    quantity: number;
    discountCents: number;
  }>(
    `select i.order_id as "orderId", i.product_id as "productId",
            i.unit_price_cents as "unitPriceCents", i.quantity, i.discount_cents as "discountCents"
     from order_items i join orders o on o.id = i.order_id
     where o.event_id = $1 order by i.order_id, i.line_no`,
    [eventId],
  );
  return rows;
}
