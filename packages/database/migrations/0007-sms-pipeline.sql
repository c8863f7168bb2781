-- 0007: the SMS pipeline. A text message moves through these states, each
-- change committed before the next step, so that a send is never repeated
-- blindly (packages/workers/src/sms/advance-sms.ts has the whole machine):
--
--   pending  → sending (claimed: committed before the provider is called)
--   sending  → sent | failed | pending (certainly not sent) | unknown
--   unknown  → sent (found at the provider, or its status callback came)
--            | pending (the provider has no such message: send again)
--   pending  → skipped (the attendee opted out, a cap was reached, or the
--              receipt would arrive too late to be of use)
--
-- `attempts` counts claims; a send records its outcome only if its claim is
-- still the current one, so a late answer never overwrites a newer attempt.

alter table sms_messages
  drop constraint sms_messages_status_check,
  add constraint sms_messages_status_check
    check (status in ('pending', 'sending', 'sent', 'unknown', 'failed', 'skipped')),
  -- When the current (or last) claim was made: sends to count against the
  -- caps, and where a search of the provider's messages starts.
  add column claimed_at timestamptz,
  -- When the provider accepted it (its answer, a status callback or a search).
  add column sent_at timestamptz,
  -- The provider's last word on delivery (queued, sent, delivered,
  -- undelivered, failed), from status callbacks.
  add column delivery_status text,
  -- Why it was failed or skipped: a provider error code or one of ours.
  add column failure_code text;

-- The caps count recent claims per phone and over all phones.
create index sms_messages_phone_claims on sms_messages (to_phone, claimed_at)
  where claimed_at is not null;
create index sms_messages_claims on sms_messages (claimed_at) where claimed_at is not null;

-- Numbers that replied STOP (or that the provider reports unsubscribed):
-- nothing is sent to them until they reply START.
create table sms_opt_outs (
  phone text primary key,
  source text not null check (source in ('reply', 'provider')),
  opted_out_at timestamptz not null default now()
);
