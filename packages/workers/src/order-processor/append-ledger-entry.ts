import type { SqlClient } from '@tabline/database';
import type { LedgerEntry } from '@tabline/domain';

/**
 * Appends the entry and moves the tab's balance by its amount: constant work
 * per entry, whatever the tab's history. An entry that already exists (the
 * job ran before) changes nothing; the balance is returned either way.
 */
export async function appendLedgerEntry(tx: SqlClient, entry: LedgerEntry): Promise<number> {
  const inserted = await tx.query(
    entry.kind === 'order'
      ? `insert into ledger_entries (tab_id, order_id, kind, amount_cents, adjustment_id)
         values ($1, $2, $3, $4, $5)
         on conflict (order_id) where kind = 'order' do nothing returning id`
      : `insert into ledger_entries (tab_id, order_id, kind, amount_cents, adjustment_id)
         values ($1, $2, $3, $4, $5)
         on conflict (adjustment_id) do nothing returning id`,
    [entry.tabId, entry.orderId, entry.kind, entry.amountCents, entry.adjustmentId],
  );
  const { rows } =
    inserted.rowCount === 1
      ? await tx.query<{ balanceCents: number }>(
          `update tabs set balance_cents = balance_cents + $2 where id = $1
           returning balance_cents as "balanceCents"`,
          [entry.tabId, entry.amountCents],
        )
      : await tx.query<{ balanceCents: number }>(
          'select balance_cents as "balanceCents" from tabs where id = $1',
          [entry.tabId],
        );
  return rows[0]!.balanceCents;
}
