-- 0004: indexes for the admin API's lists and lookups. Lists page by id
-- within an event or organisation; an attendee's wristbands are counted when
-- one is issued and touched when their tier changes.

create index attendees_event_id on attendees (event_id, id);
create index wristbands_attendee_id on wristbands (attendee_id);
create index events_organisation_id on events (organisation_id, id);
