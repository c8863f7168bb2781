-- 0009: an event's sales kept as running sums, so the dashboard reads a few
-- hundred rows instead of every order, item and ledger entry of the event
-- (docs/OPERATING.md, "Sales").
--
-- The order processor appends its changes to `sales_changes`, in the same
-- transaction as the ledger entries they come from: one row per figure it
-- moves (the event's totals, the order's location, the quarter hour it was
-- placed in, each of its products). Appending takes no lock another order
-- waits for, so processing lanes never queue on a hot row. A fold moves the
-- changes into `sales_rollups` (one row per figure) in one transaction, so
-- the rollups plus the changes not folded yet are always the whole sum: a
-- read adds the two up in one statement, whatever the folding is doing.
--
-- Figures, by `dimension`:
--   event     the totals: charged, voided, refunded, net, processed orders
--   location  `location_id` (null: a device with no location): net, orders
--   quarter   `quarter_start`, the quarter hour (UTC-aligned) of the orders'
--             placed time: net, orders. Every time zone's offset has been a
--             whole number of quarter hours since 1980, so each quarter lies
--             in one hour of any zone, and hours are cut at read time in the
--             event's zone as it is then.
--   product   `product_id`: units, net share, and the least name rung up

create table sales_rollups (
  event_id uuid not null references events (id),
  dimension text not null check (dimension in ('event', 'location', 'quarter', 'product')),
  location_id uuid,
  quarter_start timestamptz,
  product_id uuid,
  product_name text,
  charged_cents bigint not null default 0,
  voided_cents bigint not null default 0,
  refunded_cents bigint not null default 0,
  net_cents bigint not null default 0,
  orders bigint not null default 0,
  quantity bigint not null default 0,
  constraint sales_rollups_figure unique nulls not distinct
    (event_id, dimension, location_id, quarter_start, product_id)
);

-- No foreign keys: rows come only from orders, which have them, and a key
-- check per row would cost the order processor for nothing.
create table sales_changes (
  id bigint generated always as identity primary key,
  event_id uuid not null,
  dimension text not null,
  location_id uuid,
  quarter_start timestamptz,
  product_id uuid,
  product_name text,
  charged_cents bigint not null default 0,
  voided_cents bigint not null default 0,
  refunded_cents bigint not null default 0,
  net_cents bigint not null default 0,
  orders bigint not null default 0,
  quantity bigint not null default 0
);
create index sales_changes_event on sales_changes (event_id, id);

-- The rollups of orders processed before this migration, worked out as the
-- sales endpoint did until now: each processed order's net (the sum of its
-- ledger entries) to its location, its quarter and, shared over its lines
-- by cumulative floors in proportion to their amounts, to its products.
with order_nets as (
  select o.id, o.event_id, o.location_id, o.total_cents,
         date_bin('15 minutes', o.placed_at, timestamptz '2000-01-01 00:00:00+00') as quarter_start,
         coalesce(n.net_cents, 0) as net_cents
  from orders o
  left join (select order_id, sum(amount_cents)::int8 as net_cents
             from ledger_entries group by order_id) n on n.order_id = o.id
  where o.status = 'processed'
),
entry_sums as (
  select o.event_id,
         coalesce(sum(l.amount_cents) filter (where l.kind = 'order'), 0) as charged_cents,
         coalesce(-sum(l.amount_cents) filter (where l.kind = 'void'), 0) as voided_cents,
         coalesce(-sum(l.amount_cents) filter (where l.kind = 'refund'), 0) as refunded_cents,
         coalesce(sum(l.amount_cents), 0) as net_cents
  from ledger_entries l join orders o on o.id = l.order_id
  group by o.event_id
),
line_shares as (
  select event_id, product_id, product_name, quantity,
         case when net_cents = 0 then 0
              else net_cents * through_cents / total_cents
                   - net_cents * (through_cents - amount_cents) / total_cents
         end as net_cents
  from (select o.event_id, i.product_id, i.product_name, i.quantity, o.net_cents, o.total_cents,
               i.unit_price_cents * i.quantity - i.discount_cents as amount_cents,
               (sum(i.unit_price_cents * i.quantity - i.discount_cents)
                  over (partition by i.order_id order by i.line_no))::int8 as through_cents
        from order_nets o join order_items i on i.order_id = o.id) lines
)
insert into sales_rollups (event_id, dimension, location_id, quarter_start, product_id,
                           product_name, charged_cents, voided_cents, refunded_cents, net_cents,
                           orders, quantity)
select e.event_id, 'event', null::uuid, null::timestamptz, null::uuid, null::text,
       coalesce(s.charged_cents, 0), coalesce(s.voided_cents, 0), coalesce(s.refunded_cents, 0),
       coalesce(s.net_cents, 0), e.orders, 0
from (select event_id, count(*) as orders from order_nets group by event_id) e
left join entry_sums s on s.event_id = e.event_id
union all
select event_id, 'location', location_id, null, null, null, 0, 0, 0, sum(net_cents), count(*), 0
from order_nets group by event_id, location_id
union all
select event_id, 'quarter', null, quarter_start, null, null, 0, 0, 0, sum(net_cents), count(*), 0
from order_nets group by event_id, quarter_start
union all
select event_id, 'product', null, null, product_id, min(product_name), 0, 0, 0, sum(net_cents), 0,
       sum(quantity)
from line_shares group by event_id, product_id;
