import type { SqlClient } from '@tabline/database';
import type { Logger } from '@tabline/domain';

export interface ReconciliationReport {
  /** Tabs checked. */
  readonly checked: number;
  /** Tabs whose balance differs from their ledger and had no open discrepancy. */
  readonly found: number;
  /** Open discrepancies whose tab agrees with its ledger again. */
  readonly resolved: number;
}

/**
 * Checks every tab's balance against the sum of its ledger, in one statement
 * (one snapshot: an entry and its balance update commit together, so a
 * consistent tab always agrees). A tab that differs gets an open
 * discrepancy, logged as an error and counted in the metrics; one open
 * already has its figures brought up to date. A discrepancy whose tab
 * agrees again is closed. The balance itself is never touched: a difference
 * is a bug to look into, not something to paper over.
 */
export async function reconcileTabs(db: SqlClient, logger: Logger): Promise<ReconciliationReport> {
  const { rows } = await db.query<{
    checked: number;
    found: { tabId: string; eventId: string; balanceCents: number; ledgerCents: number }[];
    resolved: number;
  }>(
    `with sums as (
       select t.id, t.event_id, t.balance_cents,
              coalesce((select sum(l.amount_cents) from ledger_entries l where l.tab_id = t.id), 0)
                as ledger_cents
       from tabs t
     ), differing as (
       select * from sums where balance_cents <> ledger_cents
     ), opened as (
       insert into tab_discrepancies (event_id, tab_id, balance_cents, ledger_cents)
       select event_id, id, balance_cents, ledger_cents from differing
       on conflict (tab_id) where resolved_at is null
       do update set balance_cents = excluded.balance_cents, ledger_cents = excluded.ledger_cents
       returning tab_id, event_id, balance_cents, ledger_cents, (xmax = 0) as is_new
     ), closed as (
       update tab_discrepancies d set resolved_at = now()
       where d.resolved_at is null and not exists (select 1 from differing where differing.id = d.tab_id)
       returning d.id
     )
     select (select count(*) from sums)::int8 as checked,
            (select coalesce(json_agg(json_build_object(
                      'tabId', tab_id, 'eventId', event_id,
                      'balanceCents', balance_cents, 'ledgerCents', ledger_cents)), '[]'::json)
             from opened where is_new) as found,
            (select count(*) from closed)::int8 as resolved`,
  );
  const report = rows[0]!;
  for (const discrepancy of report.found) {
    logger.error(discrepancy, 'tab balance differs from its ledger; not corrected');
  }
  return { checked: report.checked, found: report.found.length, resolved: report.resolved };
}
