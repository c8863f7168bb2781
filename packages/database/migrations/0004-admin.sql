-- 0004: the admin API. Indexes for its lists and lookups: lists page by id
-- within an event or organisation; an attendee's wristbands are counted when
-- one is issued and touched when their tier changes.

create index attendees_event_id on attendees (event_id, id);
create index wristbands_attendee_id on wristbands (attendee_id);
create index events_organisation_id on events (organisation_id, id);

-- A create through the admin API may carry an Idempotency-Key. The key, the
-- fingerprint of the request and the id of what it created are kept, so a
-- retry after a lost answer gets that record again instead of a second one.
-- The record itself is read again, not stored here: no copy of personal data.
create table staff_idempotency_keys (
  user_id uuid not null references staff_users (id),
  key uuid not null,
  request_hash bytea not null,
  created_id text not null,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
