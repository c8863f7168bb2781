import type { SqlClient } from '@tabline/database';

/**
 * What the dashboard's overview must show, worked out here from the
 * database with SQL of the test's own: money from the ledger entries
 * (orders, voids and refunds, each order's entries summed), counts from the
 * orders, money at risk from the devices' last heartbeats.
 *
 * By product, each order's net goes to its product: the test places only
 * orders of one line, so no rule of sharing an order between products is
 * involved (`expectOneLinePerOrder` checks that).
 */
export interface LedgerFigures {
  readonly netCents: number;
  readonly orders: number;
  readonly pendingOrders: number;
  /** Location id ('none' for no location) to net cents. */
  readonly byLocation: Record<string, number>;
  readonly byProduct: Record<string, number>;
  /** The hour's start (ISO, UTC) to net cents. */
  readonly byHour: Record<string, number>;
  readonly amountAtRiskCents: number;
  /** Devices with money at risk, by id. */
  readonly atRiskByDevice: Record<string, number>;
}

export async function ledgerFigures(db: SqlClient, eventId: string): Promise<LedgerFigures> {
  const totals = await one<{ netCents: number; orders: number; pendingOrders: number }>(
    db,
    `select (select coalesce(sum(l.amount_cents), 0)::int8 from ledger_entries l
             join orders o on o.id = l.order_id where o.event_id = $1) as "netCents",
            count(*)::int8 as orders,
            (count(*) filter (where status <> 'processed'))::int8 as "pendingOrders"
     from orders where event_id = $1`,
    [eventId],
  );
  const netOfOrders = `with order_net as (
      select o.id, o.location_id, o.placed_at, coalesce(sum(l.amount_cents), 0)::int8 as net
      from orders o left join ledger_entries l on l.order_id = o.id
      where o.event_id = $1 and o.status = 'processed' group by o.id)`;
  const byLocation = await keyed(
    db,
    `${netOfOrders} select coalesce(location_id::text, 'none') as key, sum(net)::int8 as cents
     from order_net group by location_id`,
    [eventId],
  );
  const byProduct = await keyed(
    db,
    `${netOfOrders} select i.product_id::text as key, sum(n.net)::int8 as cents
     from order_net n join order_items i on i.order_id = n.id group by i.product_id`,
    [eventId],
  );
  const byHour = await db.query<{ hour: Date; cents: number }>(
    `${netOfOrders} select date_trunc('hour', n.placed_at, e.time_zone) as hour, sum(n.net)::int8 as cents
     from order_net n cross join events e where e.id = $1 group by 1`,
    [eventId],
  );
  const atRisk = await keyed(
    db,
    `select id::text as key, amount_at_risk_cents::int8 as cents from devices
     where event_id = $1 and amount_at_risk_cents > 0`,
    [eventId],
  );
  return {
    ...totals,
    byLocation,
    byProduct,
    byHour: Object.fromEntries(byHour.rows.map((row) => [row.hour.toISOString(), row.cents])),
    amountAtRiskCents: Object.values(atRisk).reduce((sum, cents) => sum + cents, 0),
    atRiskByDevice: atRisk,
  };
}

/** Fails unless every order of the event has exactly one line (see `LedgerFigures`). */
export async function ordersWithSeveralLines(db: SqlClient, eventId: string): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `select count(*)::int8 as n from (select o.id from orders o join order_items i on i.order_id = o.id
     where o.event_id = $1 group by o.id having count(*) <> 1) several`,
    [eventId],
  );
  return row.n;
}

async function one<T>(db: SqlClient, sql: string, params: unknown[]): Promise<T> {
  const { rows } = await db.query<T & Record<string, unknown>>(sql, params);
  return rows[0]!;
}

async function keyed(db: SqlClient, sql: string, params: unknown[]) {
  const { rows } = await db.query<{ key: string; cents: number }>(sql, params);
  return Object.fromEntries(rows.map((row) => [row.key, row.cents]));
}
