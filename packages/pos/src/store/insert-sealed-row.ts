import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { rowChecksum } from '../integrity/row-checksum.ts';
import type { SealedTable } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** Inserts a row with every column of its sealed table and its checksum. */
export function insertSealedRow(db: SqliteDatabase, table: SealedTable, row: Row): void {
  const { changes } = db.run(
    `INSERT INTO ${table.name} (${table.columns.join(', ')}, row_checksum)
     VALUES (${table.columns.map(() => '?').join(', ')}, ?)`,
    [...table.columns.map((column) => row[column] ?? null), rowChecksum(table, row)],
  );
  assert(changes === 1, `one ${table.name} row inserted`);
}
