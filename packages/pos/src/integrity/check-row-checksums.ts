import type { SqliteDatabase } from '../sqlite-database.ts';
import { rowChecksum } from './row-checksum.ts';
import { scanTable } from './scan-table.ts';
import { SEALED_TABLES } from './sealed-tables.ts';
import type { StoreProblem } from './store-problem.ts';
import { problem } from './store-problem.ts';

export interface RowCheck {
  readonly problems: StoreProblem[];
  /** Rows whose checksum was computed. */
  readonly rows: number;
}

/**
 * Recomputes every row's checksum, table by table, batch by batch (memory
 * stays flat), and stops at the first row that is not as written: one is
 * enough to distrust the file.
 */
export function checkRowChecksums(db: SqliteDatabase): RowCheck {
  let rows = 0;
  for (const table of SEALED_TABLES) {
    for (const scanned of scanTable(db, table)) {
      rows++;
      const expected = rowChecksum(table, scanned.row);
      if (scanned.storedChecksum === expected) continue;
      const key = table.key.map((column) => String(scanned.row[column])).join('/');
      return {
        problems: [problem('row_checksum', `${table.name} row ${key} is not as written`)],
        rows,
      };
    }
  }
  return { problems: [], rows };
}
