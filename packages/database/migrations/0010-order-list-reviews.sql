-- 0010: the dashboard's list of orders, newest arrival first, with filters,
-- and managers' reviews of flagged orders.

-- Keyset paging by (received_at, id), read backwards: a page costs the same
-- however deep it is. Replaces the index by (event_id, received_at), which
-- this one covers.
drop index orders_event_received;
create index orders_event_received on orders (event_id, received_at, id);

-- The flagged orders alone (a small part of them), in the same order.
create index orders_event_flagged on orders (event_id, received_at, id) where flags <> '{}';

-- One band's orders: an attendee at the counter, a dispute.
create index orders_event_wristband on orders (event_id, wristband_uid);

-- A manager's review of a flagged order: the flags it had then, and why it
-- stands. An order flagged again later (processing adds `wristband.unknown`
-- or `pricing.*` flags) needs a review of the new flags; reviews are kept,
-- never changed.
create table order_reviews (
  id bigint generated always as identity primary key,
  event_id uuid not null references events (id),
  order_id uuid not null references orders (id),
  flags text[] not null check (cardinality(flags) > 0),
  reason text not null check (length(reason) between 1 and 200),
  reviewed_by uuid not null references staff_users (id),
  reviewed_at timestamptz not null default now()
);
create index order_reviews_order on order_reviews (order_id, id);
