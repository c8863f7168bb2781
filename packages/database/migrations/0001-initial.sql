-- 0001: the first schema. Migrations are immutable once committed: change
-- the schema with a new numbered file. Money is bigint cents, never numeric
-- or float. Every row belongs to one event (directly or through its parent),
-- and every query scopes by it.

create table organisations (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table events (
  id uuid primary key,
  organisation_id uuid not null references organisations (id),
  name text not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  time_zone text not null,
  created_at timestamptz not null default now()
);

create table locations (
  id uuid primary key,
  event_id uuid not null references events (id),
  name text not null,
  unique (event_id, name)
);

create table devices (
  id uuid primary key,
  event_id uuid not null references events (id),
  location_id uuid references locations (id),
  name text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  unique (event_id, name)
);

-- A device holds one or more bearer tokens; only their SHA-256 is stored.
create table device_tokens (
  id uuid primary key,
  device_id uuid not null references devices (id),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index device_tokens_device_id on device_tokens (device_id);

-- The catalog. Every change takes the next value of sync_seq, which is the
-- cursor devices pull by. The trigger takes a per-event advisory lock before
-- it draws the number, so within an event numbers are drawn in commit order
-- and a pull can never skip a change committed late.
create sequence sync_seq;

create function assign_sync_seq() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('catalog:' || new.event_id::text, 0));
  new.sync_seq := nextval('sync_seq');
  return new;
end;
$$;

create table categories (
  id uuid primary key,
  event_id uuid not null references events (id),
  name text not null,
  position integer not null default 0,
  active boolean not null default true,
  sync_seq bigint not null
);
create index categories_event_sync on categories (event_id, sync_seq);
create trigger categories_sync_seq before insert or update on categories
  for each row execute function assign_sync_seq();

create table products (
  id uuid primary key,
  event_id uuid not null references events (id),
  category_id uuid references categories (id),
  name text not null,
  price_cents bigint not null check (price_cents >= 0),
  position integer not null default 0,
  active boolean not null default true,
  sync_seq bigint not null
);
create index products_event_sync on products (event_id, sync_seq);
create trigger products_sync_seq before insert or update on products
  for each row execute function assign_sync_seq();

create table attendees (
  id uuid primary key,
  event_id uuid not null references events (id),
  name text not null,
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  tier text not null default 'standard' check (tier in ('standard', 'vip')),
  created_at timestamptz not null default now()
);

create table wristbands (
  event_id uuid not null references events (id),
  uid text not null check (uid ~ '^[A-Z0-9]{4,32}$'),
  attendee_id uuid not null references attendees (id),
  status text not null default 'active' check (status in ('active', 'blocked')),
  primary key (event_id, uid)
);

-- One tab per attendee per event. Its balance is kept incrementally, one
-- update per ledger entry, and reconciled against the ledger.
create table tabs (
  id uuid primary key,
  event_id uuid not null references events (id),
  attendee_id uuid not null references attendees (id),
  currency char(3) not null,
  balance_cents bigint not null default 0,
  status text not null default 'open' check (status in ('open', 'closed')),
  opened_at timestamptz not null default now(),
  unique (event_id, attendee_id)
);

-- Orders as devices placed them. The id is the one the device made; placed_at
-- is the device's clock, received_at the server's.
create table orders (
  id uuid primary key,
  event_id uuid not null references events (id),
  device_id uuid not null references devices (id),
  device_seq bigint not null,
  location_id uuid references locations (id),
  wristband_uid text not null,
  currency char(3) not null,
  total_cents bigint not null check (total_cents >= 0),
  placed_at timestamptz not null,
  received_at timestamptz not null,
  catalog_version bigint not null,
  status text not null default 'received' check (status in ('received', 'processed')),
  flags text[] not null default '{}',
  tab_id uuid references tabs (id),
  processed_at timestamptz
);
create index orders_event_received on orders (event_id, received_at);
create index orders_device_seq on orders (device_id, device_seq);

create table order_items (
  order_id uuid not null references orders (id),
  line_no integer not null,
  product_id uuid not null,
  product_name text not null,
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  quantity integer not null check (quantity > 0),
  primary key (order_id, line_no)
);

-- The stored outcome of every work item a device pushed, by the key the
-- device made. Kept as long as the event's data: a device may come back
-- online days later and retry.
create table idempotency_keys (
  device_id uuid not null references devices (id),
  key uuid not null,
  request_hash bytea not null,
  result jsonb not null,
  created_at timestamptz not null default now(),
  primary key (device_id, key)
);

-- Append-only: entries are never updated or deleted. (order_id, kind) is
-- unique, so processing an order twice writes nothing new.
create table ledger_entries (
  id bigint generated always as identity primary key,
  tab_id uuid not null references tabs (id),
  order_id uuid not null references orders (id),
  kind text not null check (kind in ('order')),
  amount_cents bigint not null,
  created_at timestamptz not null default now(),
  unique (order_id, kind)
);
create index ledger_entries_tab on ledger_entries (tab_id);

-- One text message per order and purpose, recorded before and after the
-- provider call so a send is never repeated blindly.
create table sms_messages (
  id uuid primary key,
  event_id uuid not null references events (id),
  order_id uuid not null references orders (id),
  purpose text not null check (purpose in ('receipt')),
  to_phone text not null,
  body text not null,
  status text not null check (status in ('pending', 'sending', 'sent', 'failed', 'unknown')),
  provider_sid text,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (order_id, purpose)
);
