import type { SalesChange, SqlClient } from '@tabline/database';

/**
 * Appends sales changes in one statement, in the caller's transaction (the
 * one writing the ledger entries they come from). An append takes no lock
 * that another order's transaction waits for; `foldSalesChanges` adds them
 * into the rollups later.
 */
export async function appendSalesChanges(
  tx: SqlClient,
  eventId: string,
  changes: readonly SalesChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = salesChangeRows(changes, 2);
  await tx.query(`${INSERT_SALES_CHANGES} select $1, c.* from ${rows.from}`, [
    eventId,
    ...rows.params,
  ]);
}

/** The insert of `salesChangeRows`: the event's id, then the change's columns in order. */
export const INSERT_SALES_CHANGES = `insert into sales_changes (
  event_id, dimension, location_id, quarter_start, product_id, product_name, charged_cents,
  voided_cents, refunded_cents, net_cents, orders, quantity)`;

/**
 * The changes as a set of rows (`from` names it `c`, its columns in the
 * order `INSERT_SALES_CHANGES` takes them), for a statement whose
 * parameters up to `first - 1` are its own: one array parameter per column,
 * so any number of changes is one statement.
 */
export function salesChangeRows(changes: readonly SalesChange[], first: number) {
  const column = <K extends keyof SalesChange>(key: K) => changes.map((change) => change[key]);
  const $ = (index: number) => `$${first + index}`;
  return {
    from: `unnest(${$(0)}::text[], ${$(1)}::uuid[], ${$(2)}::timestamptz[], ${$(3)}::uuid[],
                  ${$(4)}::text[], ${$(5)}::int8[], ${$(6)}::int8[], ${$(7)}::int8[],
                  ${$(8)}::int8[], ${$(9)}::int8[], ${$(10)}::int8[]) as c`,
    params: [
      column('dimension'),
      column('locationId'),
      changes.map((change) =>
        change.quarterStartMs === null ? null : new Date(change.quarterStartMs).toISOString(),
      ),
      column('productId'),
      column('productName'),
      column('chargedCents'),
      column('voidedCents'),
      column('refundedCents'),
      column('netCents'),
      column('orders'),
      column('quantity'),
    ],
  };
}
