-- Issue 4: who may do what. Staff sign in with a password and get a session;
-- their role (owner, manager, cashier) is given for the whole organisation or
-- for one event. Devices join an event by exchanging a short-lived pairing
-- code a manager made for their own token. Failed sign-ins and pairings are
-- counted here, so guessing is throttled across every API process.

create table staff_users (
  id uuid primary key,
  organisation_id uuid not null references organisations (id),
  -- Normalised (trimmed, lower case) by the server; one account per address.
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  name text not null check (length(name) between 1 and 120),
  -- scrypt, with its parameters and salt: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`.
  password_hash text not null,
  -- A role across every event of the organisation, or null (event roles only).
  organisation_role text check (organisation_role in ('owner', 'manager', 'cashier')),
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create index staff_users_organisation_id on staff_users (organisation_id);

create table staff_event_roles (
  user_id uuid not null references staff_users (id),
  event_id uuid not null references events (id),
  role text not null check (role in ('owner', 'manager', 'cashier')),
  primary key (user_id, event_id)
);
create index staff_event_roles_event_id on staff_event_roles (event_id);

create table staff_sessions (
  id uuid primary key,
  user_id uuid not null references staff_users (id),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index staff_sessions_user_id on staff_sessions (user_id);

create table pairing_codes (
  id uuid primary key,
  event_id uuid not null references events (id),
  location_id uuid references locations (id),
  device_name text not null check (length(device_name) between 1 and 120),
  code_hash bytea not null unique,
  created_by uuid not null references staff_users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Set once, by the exchange that used it.
  used_at timestamptz,
  device_id uuid references devices (id),
  check ((used_at is null) = (device_id is null))
);
create index pairing_codes_event_id on pairing_codes (event_id);

create table auth_failures (
  -- 'sign-in:account', 'sign-in:address', 'pairing:address'
  scope text not null,
  subject text not null,
  failed_at timestamptz not null default now()
);
create index auth_failures_by_subject on auth_failures (scope, subject, failed_at);
create index auth_failures_failed_at on auth_failures (failed_at);

-- A rotated token stays live a short while for requests already in flight.
alter table device_tokens add column rotated_at timestamptz;
