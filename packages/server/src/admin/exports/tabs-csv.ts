import type { SqlClient } from '@tabline/database';
import type { TabSummary } from '@tabline/protocol';
import { listTabs } from '../tabs/list-tabs.ts';
import { csvLine } from './csv-line.ts';
import { csvMoney } from './csv-money.ts';
import { CSV_EXPORT_BATCH_ROWS } from './export-limits.ts';

export const TABS_CSV_HEADER = [
  'tab_id',
  'attendee_id',
  'attendee_name',
  'wristbands',
  'currency',
  'status',
  'opened_at',
  'balance',
  'charged',
  'voided',
  'refunded',
  'orders',
  'last_order_at',
] as const;

/**
 * The event's tabs as CSV, in id order (oldest first), one line per tab,
 * with the figures the tabs list shows (from the ledger): money as decimal
 * strings in the tab's currency, bands separated by spaces (a blocked one
 * marked `(blocked)`). Read in batches of `batchRows`.
 */
export async function* tabsCsv(
  db: SqlClient,
  eventId: string,
  batchRows: number = CSV_EXPORT_BATCH_ROWS,
): AsyncGenerator<string> {
  yield csvLine(TABS_CSV_HEADER);
  let after: string | null = null;
  for (;;) {
    const page = await listTabs(db, eventId, null, { after, limit: batchRows });
    if (page.items.length > 0) yield page.items.map((tab) => csvLine(tabCells(tab))).join('');
    if (page.nextAfter === null) return;
    after = page.nextAfter;
  }
}

function tabCells(tab: TabSummary) {
  const { currency } = tab;
  return [
    tab.id,
    tab.attendeeId,
    tab.attendeeName,
    tab.wristbands
      .map((band) => (band.status === 'blocked' ? `${band.uid} (blocked)` : band.uid))
      .join(' '),
    currency,
    tab.status,
    tab.openedAt,
    csvMoney(tab.balanceCents, currency),
    csvMoney(tab.chargedCents, currency),
    csvMoney(tab.voidedCents, currency),
    csvMoney(tab.refundedCents, currency),
    tab.orders,
    tab.lastOrderAt,
  ];
}
