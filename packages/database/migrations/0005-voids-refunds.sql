-- 0005: voids and refunds, and the PINs managers approve them with.
--
-- An order is never changed back: a void or a refund is an adjustment beside
-- it, and the tab's ledger gets a reversing entry. The order keeps a running
-- sum of what was taken back, so a refund can be checked against what is
-- left (under a row lock) in constant time.

-- A manager's PIN as the server keeps it: the PIN key (PBKDF2-SHA256 of the
-- PIN, a slow hash, like a password hash) to check approvals with, and its
-- verifier (SHA-256 of the key), which devices get to check a PIN offline.
-- A changed PIN retires the old key: approvals a device made with it before
-- the change still count, later ones do not.
create table staff_pin_keys (
  id uuid primary key,
  user_id uuid not null references staff_users (id),
  salt bytea not null check (length(salt) = 16),
  iterations integer not null check (iterations between 1000 and 10000000),
  pin_key bytea not null check (length(pin_key) = 32),
  verifier bytea not null check (length(verifier) = 32),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index staff_pin_keys_current on staff_pin_keys (user_id) where retired_at is null;

create table order_adjustments (
  id uuid primary key,
  event_id uuid not null references events (id),
  order_id uuid not null references orders (id),
  kind text not null check (kind in ('void', 'refund')),
  -- What was taken back; a void takes what was left, which may be nothing.
  amount_cents bigint not null check (amount_cents >= 0),
  reason text not null check (length(reason) between 1 and 200),
  approved_by uuid not null references staff_users (id),
  -- The device that queued it; null when a manager made it online.
  device_id uuid references devices (id),
  placed_at timestamptz not null,
  received_at timestamptz not null
);
create index order_adjustments_order_id on order_adjustments (order_id);

alter table orders
  add column adjusted_cents bigint not null default 0,
  add column voided_at timestamptz,
  add constraint orders_adjusted_within_total
    check (adjusted_cents >= 0 and adjusted_cents <= total_cents);

-- Ledger entries of voids and refunds point at their adjustment. An order has
-- one entry of its own, an adjustment one reversal: processing either twice
-- writes nothing new.
alter table ledger_entries
  add column adjustment_id uuid references order_adjustments (id),
  drop constraint ledger_entries_order_id_kind_key,
  drop constraint ledger_entries_kind_check,
  add constraint ledger_entries_kind_check check (kind in ('order', 'void', 'refund')),
  add constraint ledger_entries_adjustment_kind check ((kind = 'order') = (adjustment_id is null));
create unique index ledger_entries_one_per_order on ledger_entries (order_id) where kind = 'order';
create unique index ledger_entries_one_per_adjustment on ledger_entries (adjustment_id);
