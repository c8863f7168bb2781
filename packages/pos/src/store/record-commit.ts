import { assert } from '@tabline/domain';
import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { resealRow } from './reseal-row.ts';

/**
 * Counts one more write transaction of the engine and keeps `last_seq` up
 * with sqlite_sequence. Called inside every write transaction the engine
 * makes: journal records carry the count, so a transaction the file lost
 * shows at open as a journal record from its future. Returns the new count.
 */
export function recordCommit(db: SqliteDatabase): number {
  db.run(
    `UPDATE store_state SET
       commit_seq = commit_seq + 1,
       last_seq = max(last_seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))
     WHERE id = 1`,
  );
  resealRow(db, STORE_STATE, [1]);
  const row = db.get<{ commitSeq: number }>('SELECT commit_seq AS commitSeq FROM store_state');
  assert(row !== undefined, 'the store_state row exists');
  return row.commitSeq;
}
