import type { SqlClient } from '@tabline/database';
import type {
  EventSales,
  HourSales,
  LocationSales,
  ProductSales,
  SalesTotals,
} from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { isoTime } from '../iso-time.ts';

/** Hours are cut in this zone when the database does not know the event's. */
const FALLBACK_TIME_ZONE = 'UTC';

/** SQLSTATE invalid_parameter_value, which an unknown time zone raises. */
const INVALID_PARAMETER_VALUE = '22023';

/**
 * The event's sales from its ledger, in one statement, so every figure comes
 * from one snapshot and the parts always add up to the totals, however busy
 * the order processor is meanwhile. The figures are the running sums the
 * order processor keeps beside the ledger (migration 0009): the folded
 * rollups plus the changes not folded yet, added up here. The rules:
 *
 * - Money is the ledger entries on the event's tabs, by kind: an order's
 *   entry is its charge, a void's or refund's is negative (what it took
 *   back), so net = charged - voided - refunded = the ledger's sum.
 * - By location and by hour, each processed order's net (the sum of its
 *   entries) goes to its location and to the hour of its placed time (the
 *   device's clock), cut in the event's time zone; its voids and refunds
 *   count against that order, whenever they were made. The sums are kept by
 *   quarter hour, UTC-aligned, and put into the event's hours here, so a
 *   change of the event's time zone needs no rework.
 * - By product, each processed order's net is shared out over its lines in
 *   proportion to their amounts as rung up (`shareByAmounts`: cumulative
 *   floors, whole cents that sum to the order's net exactly).
 * - Pending orders are every order of the event less the processed ones
 *   (counted through `orders (event_id, …)`, the index alone).
 *
 * The rows read are a few per location, quarter hour and product, however
 * many orders there are (docs/OPERATING.md, "Sales", has the measurements).
 * The tests check every figure against the ledger worked out row by row.
 */
export async function readEventSales(db: SqlClient, eventId: string): Promise<EventSales> {
  const rows = await querySales(db, eventId, null).catch((error: unknown) => {
    if (!isUnknownTimeZone(error)) throw error;
    return querySales(db, eventId, FALLBACK_TIME_ZONE);
  });
  const total = rows.find((row) => row.part === 'total');
  if (!total) throw new ProblemError('resource.not_found', 'No such event.');
  return {
    currency: total.currency!,
    timeZone: total.timeZone!,
    asOf: isoTime(total.asOf!),
    totals: totalsOf(total),
    byLocation: rows.filter((row) => row.part === 'location').map(locationOf),
    byProduct: rows.filter((row) => row.part === 'product').map(productOf),
    byHour: rows.filter((row) => row.part === 'hour').map(hourOf),
  };
}

/** One row of the statement: the totals, or one location, product or hour. */
interface SalesRow {
  readonly part: 'total' | 'location' | 'product' | 'hour';
  readonly currency: string | null;
  readonly timeZone: string | null;
  readonly asOf: Date | null;
  /** A location's or product's id. */
  readonly id: string | null;
  readonly name: string | null;
  readonly hour: Date | null;
  readonly chargedCents: number;
  readonly voidedCents: number;
  readonly refundedCents: number;
  readonly netCents: number;
  readonly processedOrders: number;
  readonly pendingOrders: number;
  readonly quantity: number;
}

/** `timeZone`: cut hours in this zone instead of the event's. */
async function querySales(
  db: SqlClient,
  eventId: string,
  timeZone: string | null,
): Promise<SalesRow[]> {
  const { rows } = await db.query<SalesRow>(SALES_SQL, [eventId, timeZone]);
  return rows;
}

const SALES_SQL = `
with event as (
  select currency, coalesce($2::text, time_zone) as time_zone, now() as as_of
  from events where id = $1
),
figures as (
  select dimension, location_id, quarter_start, product_id, min(product_name) as product_name,
         sum(charged_cents)::int8 as charged_cents, sum(voided_cents)::int8 as voided_cents,
         sum(refunded_cents)::int8 as refunded_cents, sum(net_cents)::int8 as net_cents,
         sum(orders)::int8 as orders, sum(quantity)::int8 as quantity
  from (select dimension, location_id, quarter_start, product_id, product_name, charged_cents,
               voided_cents, refunded_cents, net_cents, orders, quantity
        from sales_rollups where event_id = $1
        union all
        select dimension, location_id, quarter_start, product_id, product_name, charged_cents,
               voided_cents, refunded_cents, net_cents, orders, quantity
        from sales_changes where event_id = $1) parts
  group by dimension, location_id, quarter_start, product_id
),
totals as (
  select coalesce(sum(charged_cents), 0)::int8 as charged_cents,
         coalesce(sum(voided_cents), 0)::int8 as voided_cents,
         coalesce(sum(refunded_cents), 0)::int8 as refunded_cents,
         coalesce(sum(net_cents), 0)::int8 as net_cents,
         coalesce(sum(orders), 0)::int8 as orders
  from figures where dimension = 'event'
)
select 'total' as part, e.currency, e.time_zone as "timeZone", e.as_of as "asOf",
       null as id, null as name, null::timestamptz as hour,
       t.charged_cents as "chargedCents", t.voided_cents as "voidedCents",
       t.refunded_cents as "refundedCents", t.net_cents as "netCents",
       t.orders as "processedOrders",
       (select count(*) from orders where event_id = $1) - t.orders as "pendingOrders",
       0::int8 as quantity
from event e, totals t
union all
select 'location', null, null, null, f.location_id::text, l.name, null,
       0, 0, 0, f.net_cents, f.orders, 0, 0
from figures f left join locations l on l.id = f.location_id
where f.dimension = 'location'
union all
select 'hour', null, null, null, null, null, date_trunc('hour', f.quarter_start, e.time_zone),
       0, 0, 0, sum(f.net_cents)::int8, sum(f.orders)::int8, 0, 0
from figures f, event e
where f.dimension = 'quarter'
group by date_trunc('hour', f.quarter_start, e.time_zone)
union all
select 'product', null, null, null, f.product_id::text, coalesce(p.name, f.product_name), null,
       0, 0, 0, f.net_cents, 0, 0, f.quantity
from figures f left join products p on p.id = f.product_id and p.event_id = $1
where f.dimension = 'product'
order by part, hour, "netCents" desc, name, id`;

function totalsOf(row: SalesRow): SalesTotals {
  return {
    chargedCents: row.chargedCents,
    voidedCents: row.voidedCents,
    refundedCents: row.refundedCents,
    netCents: row.netCents,
    orders: row.processedOrders + row.pendingOrders,
    processedOrders: row.processedOrders,
    pendingOrders: row.pendingOrders,
  };
}

function locationOf(row: SalesRow): LocationSales {
  return {
    locationId: row.id,
    name: row.name,
    netCents: row.netCents,
    orders: row.processedOrders,
  };
}

function productOf(row: SalesRow): ProductSales {
  return { productId: row.id!, name: row.name!, quantity: row.quantity, netCents: row.netCents };
}

function hourOf(row: SalesRow): HourSales {
  return { hour: isoTime(row.hour!), netCents: row.netCents, orders: row.processedOrders };
}

function isUnknownTimeZone(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e.code === INVALID_PARAMETER_VALUE &&
    typeof e.message === 'string' &&
    e.message.includes('time zone')
  );
}
