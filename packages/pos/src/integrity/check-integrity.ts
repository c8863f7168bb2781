import type { SqliteDatabase } from '../sqlite-database.ts';
import type { StoreProblem } from './store-problem.ts';
import { STORE_PROBLEMS_LISTED_MAX, problem } from './store-problem.ts';

/**
 * SQLite's own full check of the file's structure: b-trees, free list, every
 * index against its table, NOT NULL, CHECK and STRICT types. It does not see
 * a changed value that is still well-formed, or transactions a lost -wal
 * took with it: the checks after it do.
 */
export function checkIntegrity(db: SqliteDatabase): StoreProblem[] {
  const rows = db.all<{ integrity_check: string }>(
    `PRAGMA integrity_check(${STORE_PROBLEMS_LISTED_MAX})`,
  );
  if (rows.length === 1 && rows[0]!.integrity_check === 'ok') return [];
  return rows.map((row) => problem('integrity_check', row.integrity_check));
}
