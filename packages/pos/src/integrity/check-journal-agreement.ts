/**
 * The cross-check between the database and the journal, which is what finds
 * transactions SQLite dropped without a word (a deleted or cut -wal):
 * - every queued record is in the outbox exactly as journaled, or has left
 *   it for good (its order or its void or refund answered, or withdrawn);
 * - no acknowledged seq is still in the outbox;
 * - the database has made at least as many transactions, and handed out at
 *   least as many seqs, as the journal has seen;
 * - every outbox row up to the journal's horizon has its queued record.
 * Appends follow commits, so a healthy store always passes, whatever moment
 * a crash picked; rows above the horizon are a crash between a commit and
 * its append, and are journaled now (see `openPosStore`).
 */
import { assertNever } from '../assert-never.ts';
import type { JournalRecord, QueuedRecord } from '../journal/journal-record.ts';
import type { JournalScan, WorkItemJournal } from '../journal/work-item-journal.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { readStoreState } from '../store/read-store-state.ts';
import type { OutboxRow } from './outbox-cursor.ts';
import { createOutboxCursor } from './outbox-cursor.ts';
import type { StoreProblem } from './store-problem.ts';
import { STORE_PROBLEMS_LISTED_MAX, problem } from './store-problem.ts';

export interface JournalAgreement {
  readonly problems: StoreProblem[];
  readonly scan: JournalScan;
}

export function checkJournalAgreement(
  db: SqliteDatabase,
  journal: WorkItemJournal,
): JournalAgreement {
  const problems: StoreProblem[] = [];
  const note = (detail: string) => {
    if (problems.length < STORE_PROBLEMS_LISTED_MAX) problems.push(problem('journal', detail));
  };
  let matched = 0;
  let lastMatchedSeq = 0;
  const findRow = createOutboxCursor(db);
  const scan = journal.scan((record: JournalRecord) => {
    if (record.type === 'queued') {
      const found = findQueued(db, record, findRow(record.seq));
      if (found.kind === 'wrong') note(found.detail);
      // Counted once per seq: a record journaled again after a failed fsync repeats it.
      else if (found.kind === 'queued' && record.seq > lastMatchedSeq) {
        matched++;
        lastMatchedSeq = record.seq;
      }
    } else if (record.type === 'acknowledged') {
      for (const seq of record.seqs) {
        if (hasOutboxRow(db, seq)) note(`work item ${seq} was answered but is queued again`);
      }
    }
  });
  checkHorizon(db, scan, matched, note);
  return { problems, scan };
}

type Found =
  { readonly kind: 'queued' | 'left' } | { readonly kind: 'wrong'; readonly detail: string };

/** Whether the record is in the outbox as journaled (`row`), or rightly left it, or neither. */
function findQueued(db: SqliteDatabase, record: QueuedRecord, row: OutboxRow | undefined): Found {
  if (row !== undefined) {
    return sameAsJournaled(row, record)
      ? { kind: 'queued' }
      : { kind: 'wrong', detail: `work item ${record.seq} is not as journaled` };
  }
  return leftForGood(db, record)
    ? { kind: 'left' }
    : { kind: 'wrong', detail: `work item ${record.seq} is journaled but not stored` };
}

function sameAsJournaled(row: OutboxRow, record: QueuedRecord): boolean {
  return (
    row.idempotencyKey === record.idempotencyKey &&
    row.kind === record.kind &&
    row.orderId === record.orderId &&
    row.amountCents === record.amountCents &&
    row.createdAt === record.createdAt &&
    row.payload === record.payload
  );
}

/**
 * A journaled item that is no longer queued must have been answered (its
 * acknowledgement may be the one a crash lost) or withdrawn.
 */
function leftForGood(db: SqliteDatabase, record: QueuedRecord): boolean {
  const withdrawn = db.get<{ key: string }>(
    'SELECT idempotency_key AS key FROM withdrawn_items WHERE seq = ?',
    [record.seq],
  );
  if (withdrawn !== undefined) return withdrawn.key === record.idempotencyKey;
  const state = answeredState(db, record);
  if (state === 'answered') return true;
  if (state !== 'rejected') return false;
  const parked = db.get<{ key: string; payload: string }>(
    'SELECT idempotency_key AS key, payload FROM rejected_items WHERE seq = ?',
    [record.seq],
  );
  return parked?.key === record.idempotencyKey && parked.payload === record.payload;
}

/**
 * How the server's answer left what the item is about: an order synced or a
 * void or refund confirmed (`answered`), `rejected`, or anything else.
 */
function answeredState(db: SqliteDatabase, record: QueuedRecord): string | undefined {
  switch (record.kind) {
    case 'order.place': {
      const order = db.get<{ state: string }>(
        'SELECT sync_state AS state FROM orders WHERE id = ?',
        [record.orderId],
      );
      return order?.state === 'synced' ? 'answered' : order?.state;
    }
    case 'order.adjust': {
      const adjustment = db.get<{ state: string }>(
        'SELECT status AS state FROM adjustments WHERE seq = ?',
        [record.seq],
      );
      return adjustment?.state === 'confirmed' ? 'answered' : adjustment?.state;
    }
    default:
      return assertNever(record.kind, 'work item kind');
  }
}

function hasOutboxRow(db: SqliteDatabase, seq: number): boolean {
  return db.get('SELECT 1 AS found FROM outbox WHERE seq = ?', [seq]) !== undefined;
}

function checkHorizon(
  db: SqliteDatabase,
  scan: JournalScan,
  matched: number,
  note: (detail: string) => void,
): void {
  const state = readStoreState(db);
  if (state === undefined) return note('the store state is missing');
  if (scan.commitSeqMax > state.commitSeq) {
    note(`the journal saw transaction ${scan.commitSeqMax}, the database only ${state.commitSeq}`);
  }
  if (scan.seqMax > state.lastSeq) {
    note(`the journal saw work item ${scan.seqMax}, the database only ${state.lastSeq}`);
  }
  // A damaged journal may have lost records: the database is not to blame.
  if (scan.damagedLines > 0 || !scan.hasCheckpoint) return;
  const queued = db.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE seq <= ?', [
    scan.seqMax,
  ])!.n;
  if (queued !== matched) {
    note(`${queued - matched} queued work items up to ${scan.seqMax} are not in the journal`);
  }
}
