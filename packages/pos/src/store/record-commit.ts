import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { sealUpdatedRow } from './reseal-row.ts';

/**
 * Counts one more write transaction of the engine and keeps `last_seq` up
 * with sqlite_sequence. Called inside every write transaction the engine
 * makes: journal records carry the count, so a transaction the file lost
 * shows at open as a journal record from its future. Returns the new count.
 * (Every order pays for this, so it is two statements: the update returns the
 * row it sealed, rather than being read back.)
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
