-- 0006: tab reconciliation. A tab's balance is kept incrementally (one
-- update per ledger entry); a job checks it against the sum of its ledger
-- and records each difference here, to be looked into. It never corrects a
-- balance: a difference means a bug, and the ledger is the record.

create table tab_discrepancies (
  id bigint generated always as identity primary key,
  event_id uuid not null references events (id),
  tab_id uuid not null references tabs (id),
  balance_cents bigint not null,
  ledger_cents bigint not null,
  found_at timestamptz not null default now(),
  -- Set by the first check that finds the two equal again (after a fix).
  resolved_at timestamptz,
  check (balance_cents <> ledger_cents)
);
-- At most one open discrepancy per tab; a closed one stays as history.
create unique index tab_discrepancies_open on tab_discrepancies (tab_id) where resolved_at is null;
create index tab_discrepancies_event on tab_discrepancies (event_id, id);
