import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { rowChecksum } from '../integrity/row-checksum.ts';
import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { sealUpdatedRow } from './reseal-row.ts';

/**
 * Counts one more write transaction of the engine and keeps `last_seq` up
 * with sqlite_sequence. Called inside every write transaction the engine
 * makes: journal records carry the count, so a transaction the file lost
 * shows at open as a journal record from its future. Returns the new count.
 * (Two statements: the update returns the row it sealed, rather than being
 * read back. An order, which has read the row already, uses
 * `recordCommitFrom`.)
 */
export function recordCommit(db: SqliteDatabase): number {
  const row = db.get<Row>(
    `UPDATE store_state SET
       commit_seq = commit_seq + 1,
       last_seq = max(last_seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))
     WHERE id = 1
     RETURNING ${STORE_STATE.columns.join(', ')}`,
  );
  assert(row !== undefined, 'the store_state row exists');
  sealUpdatedRow(db, STORE_STATE, row);
  const commitSeq = row['commit_seq'];
  assert(typeof commitSeq === 'number', 'commit_seq is an integer');
  return commitSeq;
}

/**
 * `recordCommit` for a transaction that read the `store_state` row itself
 * (`readOrderContext` does, with the rest of an order's context) and queued
 * the work item `queuedSeq`: the new count, `last_seq` and the row's checksum
 * in one UPDATE. `last_seq` is what `recordCommit` makes it: inserting seq
 * `queuedSeq` (sqlite_sequence + 1) moved sqlite_sequence to it. The count
 * in the WHERE clause makes sure the row is still the one read.
 */
export function recordCommitFrom(db: SqliteDatabase, state: Row, queuedSeq: number): number {
  const { commit_seq: readSeq, last_seq: lastSeq } = state;
  assert(typeof readSeq === 'number' && typeof lastSeq === 'number', 'store_state counts');
  const row = { ...state, commit_seq: readSeq + 1, last_seq: Math.max(lastSeq, queuedSeq) };
  const { changes } = db.run(
    `UPDATE store_state SET commit_seq = ?, last_seq = ?, row_checksum = ?
      WHERE id = 1 AND commit_seq = ?`,
    [row.commit_seq, row.last_seq, rowChecksum(STORE_STATE, row), readSeq],
  );
  assert(changes === 1, 'store_state is the row this transaction read');
  return row.commit_seq;
}
