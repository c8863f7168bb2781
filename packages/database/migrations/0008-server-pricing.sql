-- 0008: server-side pricing. The order processor prices each order again
-- with the shared pricing code, at the order's placed time, and charges the
-- lower of the device's total and its own (docs/PRICING.md, "What a tab is
-- charged"). What it charged is kept on the order: the order's ledger entry
-- has that amount, and its voids and refunds never reverse more than it.

-- Null until the order is processed; 0 when it was charged to no one (an
-- unknown or blocked wristband). Never more than the device's total: the
-- attendee never pays more than the counter showed.
alter table orders add column charged_cents bigint;

-- Orders processed before this migration were charged their device total,
-- as their ledger entry says (no entry: charged to no one).
update orders o
set charged_cents = coalesce(
  (select l.amount_cents from ledger_entries l where l.order_id = o.id and l.kind = 'order'), 0)
where o.status = 'processed';

alter table orders
  add constraint orders_charged_within_total
    check (charged_cents >= 0 and charged_cents <= total_cents),
  add constraint orders_charged_once_processed
    check ((status = 'processed') = (charged_cents is not null));
