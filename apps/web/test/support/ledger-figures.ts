import type { SqlClient } from '@tabline/database';

/**
 * Every figure the dashboard's overview must show, worked out here from the
 * database with SQL of the test's own: money from the ledger entries
 * (orders, voids and refunds; an order's entries summed), counts from the
 * orders and their items, money at risk from the devices' last heartbeats.
 *
 * By product, each order's net goes to its product: the test places only
 * orders of one line, so no rule of sharing an order between products is
 * involved (`ordersWithSeveralLines` checks that).
 */
export interface LedgerFigures {
  readonly netCents: number;
  readonly chargedCents: number;
  /** What voids and refunds took back, as a positive amount. */
  readonly takenBackCents: number;
  readonly orders: number;
  readonly processedOrders: number;
  readonly pendingOrders: number;
  /** By location id ('none' for no location): net and processed orders. */
  readonly byLocation: Record<string, Figure>;
  /** By product id: net and units sold. */
  readonly byProduct: Record<string, Figure>;
  /** By the hour's start (ISO, UTC): net and processed orders. */
  readonly byHour: Record<string, Figure>;
  readonly amountAtRiskCents: number;
  readonly backlogCount: number;
  /** Devices with money at risk, by id: the money and their backlog. */
  readonly atRiskByDevice: Record<string, Figure>;
}

/** An amount and the count beside it (orders, units, unsynced orders). */
export interface Figure {
  readonly cents: number;
  readonly count: number;
}

const ORDER_NET = `with order_net as (
    select o.id, o.location_id, o.placed_at, coalesce(sum(l.amount_cents), 0)::int8 as net
    from orders o left join ledger_entries l on l.order_id = o.id
    where o.event_id = $1 and o.status = 'processed' group by o.id)`;

export async function ledgerFigures(db: SqlClient, eventId: string): Promise<LedgerFigures> {
  const [totals] = await rows<Omit<LedgerFigures, `by${string}` | `atRisk${string}`>>(
    db,
    `select (select coalesce(sum(l.amount_cents), 0)::int8 from ledger_entries l
             join orders o on o.id = l.order_id where o.event_id = $1) as "netCents",
            (select coalesce(sum(l.amount_cents) filter (where l.kind = 'order'), 0)::int8
             from ledger_entries l join orders o on o.id = l.order_id where o.event_id = $1) as "chargedCents",
            (select coalesce(-sum(l.amount_cents) filter (where l.kind <> 'order'), 0)::int8
             from ledger_entries l join orders o on o.id = l.order_id where o.event_id = $1) as "takenBackCents",
            count(*)::int8 as orders,
            (count(*) filter (where status = 'processed'))::int8 as "processedOrders",
            (count(*) filter (where status <> 'processed'))::int8 as "pendingOrders",
            (select coalesce(sum(amount_at_risk_cents), 0)::int8 from devices
             where event_id = $1) as "amountAtRiskCents",
            (select coalesce(sum(backlog_count), 0)::int8 from devices
             where event_id = $1) as "backlogCount"
     from orders where event_id = $1`,
    [eventId],
  );
  return {
    ...totals!,
    byLocation: await keyed(
      db,
      `${ORDER_NET} select coalesce(location_id::text, 'none') as key, sum(net)::int8 as cents,
         count(*)::int8 as count from order_net group by location_id`,
      eventId,
    ),
    byProduct: await keyed(
      db,
      `${ORDER_NET} select i.product_id::text as key, sum(n.net)::int8 as cents,
         sum(i.quantity)::int8 as count
       from order_net n join order_items i on i.order_id = n.id group by i.product_id`,
      eventId,
    ),
    byHour: await keyed(
      db,
      `${ORDER_NET} select to_json(date_trunc('hour', n.placed_at, e.time_zone))#>>'{}' as key,
         sum(n.net)::int8 as cents, count(*)::int8 as count
       from order_net n cross join events e where e.id = $1 group by 1`,
      eventId,
    ),
    atRiskByDevice: await keyed(
      db,
      `select id::text as key, amount_at_risk_cents::int8 as cents, backlog_count::int8 as count
       from devices where event_id = $1 and amount_at_risk_cents > 0`,
      eventId,
    ),
  };
}

/** How many of the event's orders have more (or fewer) than one line (see `LedgerFigures`). */
export async function ordersWithSeveralLines(db: SqlClient, eventId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    `select count(*)::int8 as n from (select o.id from orders o join order_items i on i.order_id = o.id
     where o.event_id = $1 group by o.id having count(*) <> 1) several`,
    [eventId],
  );
  return row!.n;
}

async function rows<T>(db: SqlClient, sql: string, params: unknown[]): Promise<T[]> {
  return (await db.query<T & Record<string, unknown>>(sql, params)).rows;
}

/** Rows of (key, cents, count) as figures by key; hours are keyed by their ISO instant. */
async function keyed(db: SqlClient, sql: string, eventId: string) {
  const found = await rows<{ key: string; cents: number; count: number }>(db, sql, [eventId]);
  return Object.fromEntries(
    found.map(({ key, cents, count }) => [
      /^\d{4}-/.test(key) ? new Date(key).toISOString() : key,
      { cents, count },
    ]),
  );
}
