import type { SqlClient } from '@tabline/database';
import { appendLedgerEntry } from './append-ledger-entry.ts';

/**
 * Appends a reversing ledger entry (the amount taken back, negated) for each
 * void and refund of the order that has none yet, in the order they were
 * received (then made), and moves the tab's balance with each. Returns how many it
 * reversed. The caller holds the order's row lock, which adjustments are
 * recorded under too, so none is missed or reversed twice.
 */
export async function reverseAdjustments(
  tx: SqlClient,
  orderId: string,
  tabId: string,
): Promise<number> {
  const { rows } = await tx.query<{ id: string; kind: 'void' | 'refund'; amountCents: number }>(
    `select a.id, a.kind, a.amount_cents as "amountCents" from order_adjustments a
     where a.order_id = $1
       and not exists (select 1 from ledger_entries l where l.adjustment_id = a.id)
     order by a.received_at, a.placed_at, a.id`,
    [orderId],
  );
  for (const adjustment of rows) {
    await appendLedgerEntry(tx, {
      tabId,
      orderId,
      kind: adjustment.kind,
      amountCents: -adjustment.amountCents,
      adjustmentId: adjustment.id,
    });
  }
  return rows.length;
}
