import { assert } from '@tabline/domain';
import { inTransaction } from '../in-transaction.ts';
import type { Row } from '../integrity/row-checksum.ts';
import { OUTBOX, WITHDRAWN_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';
import { recordCommit } from './record-commit.ts';

/**
 * Takes back an order placeOrder stored but could not journal: its work
 * item moves to `withdrawn_items` (exact payload kept, never sent) and the
 * order and its items go, in one transaction. Its seq stays used.
 */
export function withdrawWorkItem(
  db: SqliteDatabase,
  seq: number,
  withdrawnAt: number,
  reason: string,
): void {
  inTransaction(db, () => {
    const item = db.get<Row>(`SELECT ${OUTBOX.columns.join(', ')} FROM outbox WHERE seq = ?`, [
      seq,
    ]);
    assert(item !== undefined, `work item ${seq} is queued`);
    insertSealedRow(db, WITHDRAWN_ITEMS, { ...item, withdrawn_at: withdrawnAt, reason });
    db.run('DELETE FROM outbox WHERE seq = ?', [seq]);
    db.run('DELETE FROM order_items WHERE order_id = ?', [item['order_id'] ?? null]);
    db.run('DELETE FROM orders WHERE id = ?', [item['order_id'] ?? null]);
    recordCommit(db);
  });
}
