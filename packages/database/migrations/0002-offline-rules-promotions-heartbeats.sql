-- 0002: what devices need to work offline (promotions, the wristband list
-- with tiers and tab limits, the event's offline rules), discounts on order
-- items, and device heartbeats for the fleet view.

-- The event's rules for devices that cannot reach the server: how much one
-- wristband may spend on one device before its orders are confirmed, and how
-- long a device may stay offline before it warns its staff.
alter table events
  add column offline_spending_limit_cents bigint not null default 15000
    check (offline_spending_limit_cents >= 0),
  add column offline_warning_seconds integer not null default 1800
    check (offline_warning_seconds > 0);

-- Wristbands are pulled by devices like the catalog: every change (a block, a
-- new tab limit, a tier change of the wearer) takes the next sync_seq.
alter table wristbands
  add column tab_limit_cents bigint check (tab_limit_cents >= 0),
  add column sync_seq bigint;
update wristbands set sync_seq = nextval('sync_seq');
alter table wristbands alter column sync_seq set not null;
create index wristbands_event_sync on wristbands (event_id, sync_seq);
create trigger wristbands_sync_seq before insert or update on wristbands
  for each row execute function assign_sync_seq();

-- A tier change must reach devices through the wearer's wristbands.
create function touch_attendee_wristbands() returns trigger language plpgsql as $$
begin
  update wristbands set status = status where attendee_id = new.id;
  return new;
end;
$$;
create trigger attendees_tier_touches_wristbands after update of tier on attendees
  for each row when (old.tier is distinct from new.tier)
  execute function touch_attendee_wristbands();

-- Promotions, as the shared pricing code defines them (packages/domain
-- pricing): the definition is that type as JSON, validated before it is
-- stored. Never deleted, made inactive instead, so orders keep pointing at
-- what they got.
create table promotions (
  id uuid primary key,
  event_id uuid not null references events (id),
  definition jsonb not null,
  sync_seq bigint not null
);
create index promotions_event_sync on promotions (event_id, sync_seq);
create trigger promotions_sync_seq before insert or update on promotions
  for each row execute function assign_sync_seq();

-- Discounts as the device priced them: the item's total is
-- unit_price_cents * quantity - discount_cents.
alter table order_items
  add column category_id uuid,
  add column discount_cents bigint not null default 0 check (discount_cents >= 0),
  add column promotion_ids uuid[] not null default '{}',
  add constraint order_items_discount_within_amount
    check (discount_cents <= unit_price_cents * quantity);

-- The last heartbeat of each device: what it has not delivered yet, and its
-- clock against the server's.
alter table devices
  add column app_version text,
  add column backlog_count integer,
  add column amount_at_risk_cents bigint,
  add column oldest_queued_age_ms bigint,
  add column clock_skew_ms bigint,
  add column last_heartbeat_at timestamptz;
