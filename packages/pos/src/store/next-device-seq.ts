import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * The seq the next outbox row gets, which is also its `deviceSeq`: one more
 * than the highest seq ever used, which AUTOINCREMENT keeps in
 * `sqlite_sequence` even after the rows are deleted. Knowing it before the
 * insert lets the stored payload carry it. Call inside the transaction that
 * inserts the row, so no other writer can take the same number.
 */
export function nextDeviceSeq(db: SqliteDatabase): number {
  const row = db.get<{ seq: number }>(
    `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0) + 1 AS seq`,
  );
  assert(row !== undefined && Number.isSafeInteger(row.seq), 'sqlite_sequence answers a seq');
  return row.seq;
}
