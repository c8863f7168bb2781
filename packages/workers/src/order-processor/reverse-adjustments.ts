import type { SqlClient } from '@tabline/database';
import { reversalCents } from '@tabline/domain';
import { appendLedgerEntry } from './append-ledger-entry.ts';

/** What one run reversed on the tab. */
export interface Reversal {
  /** Voids and refunds reversed by this run (entries of 0 included). */
  readonly count: number;
  /** What the order's earlier reversals had taken back from the tab, before this run. */
  readonly reversedBeforeCents: number;
  /** What this run's entries took back, by kind, as positive amounts. */
  readonly voidedCents: number;
  readonly refundedCents: number;
}

/**
 * Appends a reversing ledger entry for each void and refund of the order that
 * has none yet, in the order they were received (then made), and moves the
 * tab's balance with each. Returns what it reversed. The caller holds the
 * order's row lock, which adjustments are recorded under too, so none is
 * missed or reversed twice.
 *
 * Each entry takes back the adjustment's amount, but never more than is left
 * of what the tab was charged for the order (`reversalCents`): adjustments
 * are decided against the device's total, and the tab may have been charged
 * less (`pricing.server_lower`). An adjustment with nothing left to take
 * back still gets its entry, of 0, so it counts as reversed and a second run
 * writes nothing. What was reversed so far is the sum of the entries of the
 * order's adjustments, read through their indexes.
 */
export async function reverseAdjustments(
  tx: SqlClient,
  order: { id: string; tabId: string; chargedCents: number },
): Promise<Reversal> {
  const { rows } = await tx.query<{
    id: string;
    kind: 'void' | 'refund';
    amountCents: number;
    reversedCents: number;
  }>(
    `with adjustments as (
       select a.id, a.kind, a.amount_cents, a.received_at, a.placed_at,
              l.amount_cents as reversal_cents
       from order_adjustments a left join ledger_entries l on l.adjustment_id = a.id
       where a.order_id = $1
     )
     select id, kind, amount_cents as "amountCents",
            (select coalesce(-sum(reversal_cents), 0)::int8 from adjustments) as "reversedCents"
     from adjustments where reversal_cents is null
     order by received_at, placed_at, id`,
    [order.id],
  );
  const reversedBeforeCents = rows[0]?.reversedCents ?? 0;
  let reversedCents = reversedBeforeCents;
  const taken = { void: 0, refund: 0 };
  for (const adjustment of rows) {
    const takenCents = reversalCents(adjustment.amountCents, {
      chargedCents: order.chargedCents,
      reversedCents,
    });
    reversedCents += takenCents;
    taken[adjustment.kind] += takenCents;
    await appendLedgerEntry(tx, {
      tabId: order.tabId,
      orderId: order.id,
      kind: adjustment.kind,
      amountCents: takenCents === 0 ? 0 : -takenCents,
      adjustmentId: adjustment.id,
    });
  }
  return {
    count: rows.length,
    reversedBeforeCents,
    voidedCents: taken.void,
    refundedCents: taken.refund,
  };
}
