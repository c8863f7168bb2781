-- 0011: what the organiser's dashboard reads besides orders: tabs in id
-- order, text messages by state, and the SMS provider's circuit breaker as
-- the workers last saw it.

-- The tabs list pages by id within the event.
create index tabs_event_id on tabs (event_id, id);

-- An event's texts counted by state; the delivery status and the failure
-- code (an opt-out is a skip with `sms.opted_out`) ride along in the index.
create index sms_messages_event_status on sms_messages (event_id, status)
  include (delivery_status, failure_code);

-- The latest failures, newest first: a few rows, whatever the event's size.
create index sms_messages_event_failures on sms_messages (event_id, updated_at)
  where status = 'failed' or delivery_status in ('undelivered', 'failed', 'canceled');

-- The SMS provider's circuit breaker, one row per worker process (each has
-- its own breaker, in memory), written when it changes state: `open` until
-- `open_until`, when it lets a trial call through; `half-open` while that
-- call runs; `closed`. A process deletes its row when it stops; the row of
-- one that died is only read while recent (docs/OPERATING.md, "Texts").
create table sms_breaker_states (
  process_id uuid primary key,
  state text not null check (state in ('closed', 'open', 'half-open')),
  changed_at timestamptz not null default now(),
  open_until timestamptz,
  check ((state = 'open') = (open_until is not null))
);
