/**
 * The journal's part of a rebuild: its unacknowledged work items, staged in
 * a temporary table of the rebuilt store (memory stays flat however long the
 * journal is), then queued again once the damaged database has given back
 * what it could, for those it did not.
 */
import { SCAN_BATCH_ROWS } from '../integrity/scan-table.ts';
import { OUTBOX } from '../integrity/sealed-tables.ts';
import type { QueuedRecord } from '../journal/journal-record.ts';
import type { JournalScan, WorkItemJournal } from '../journal/work-item-journal.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from '../store/insert-sealed-row.ts';
import { parseWorkItem } from './parse-work-item.ts';
import { hasSeq, hasSubject, insertWorkItemRows } from './restore-rows.ts';

/** Stages every queued record the journal does not also acknowledge. */
export function stageJournal(target: SqliteDatabase, journal: WorkItemJournal): JournalScan {
  target.exec('CREATE TEMP TABLE journal_staged (seq INTEGER PRIMARY KEY, record TEXT NOT NULL)');
  return journal.scan((record) => {
    if (record.type === 'queued') {
      target.run('INSERT OR REPLACE INTO temp.journal_staged (seq, record) VALUES (?, ?)', [
        record.seq,
        JSON.stringify(record),
      ]);
    } else if (record.type === 'acknowledged') {
      for (const seq of record.seqs) {
        target.run('DELETE FROM temp.journal_staged WHERE seq = ?', [seq]);
      }
    }
  });
}

/** Queues the staged records the database did not give back. Returns how many. */
export function restoreFromJournal(target: SqliteDatabase): number {
  let restored = 0;
  let after = 0;
  for (;;) {
    const rows = target.all<{ seq: number; record: string }>(
      'SELECT seq, record FROM temp.journal_staged WHERE seq > ? ORDER BY seq LIMIT ?',
      [after, SCAN_BATCH_ROWS],
    );
    for (const { record } of rows) {
      if (restoreJournaled(target, JSON.parse(record) as QueuedRecord)) restored++;
    }
    if (rows.length < SCAN_BATCH_ROWS) return restored;
    after = rows.at(-1)!.seq;
  }
}

function restoreJournaled(target: SqliteDatabase, record: QueuedRecord): boolean {
  if (hasSeq(target, record.seq)) return false;
  const workItem = parseWorkItem(record.payload);
  if (workItem === null || hasSubject(target, workItem)) return false;
  insertWorkItemRows(target, workItem, { syncState: 'queued' });
  insertSealedRow(target, OUTBOX, {
    seq: record.seq,
    idempotency_key: record.idempotencyKey,
    kind: record.kind,
    order_id: record.orderId,
    payload: record.payload,
    amount_cents: record.amountCents,
    created_at: record.createdAt,
    attempts: 0,
    last_attempt_at: null,
    last_error: null,
  });
  return true;
}
