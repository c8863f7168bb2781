import { assert } from '@tabline/domain';
import type { WorkItemKind } from '@tabline/protocol';
import { assertNever } from '../assert-never.ts';
import { inTransaction } from '../in-transaction.ts';
import type { Row } from '../integrity/row-checksum.ts';
import { OUTBOX, WITHDRAWN_ITEMS } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';
import { recordCommit } from './record-commit.ts';

/**
 * Takes back an order placeOrder (or a void or refund adjustOrder) stored
 * but could not journal: its work item moves to `withdrawn_items` (exact
 * payload kept, never sent) and the order and its items (or the adjustment)
 * go, in one transaction. Its seq stays used.
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
    deleteSubject(db, item);
    recordCommit(db);
  });
}

/** Deletes what the work item was about: its order with the items, or its adjustment. */
function deleteSubject(db: SqliteDatabase, item: Row): void {
  const kind = item['kind'] as WorkItemKind;
  switch (kind) {
    case 'order.place':
      db.run('DELETE FROM order_items WHERE order_id = ?', [item['order_id'] ?? null]);
      db.run('DELETE FROM orders WHERE id = ?', [item['order_id'] ?? null]);
      return;
    case 'order.adjust': {
      const deleted = db.run('DELETE FROM adjustments WHERE seq = ?', [item['seq'] ?? null]);
      assert(deleted.changes === 1, `work item ${String(item['seq'])} has its adjustment`);
      return;
    }
    default:
      assertNever(kind, 'work item kind');
  }
}
