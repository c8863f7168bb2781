import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { rowChecksum } from '../integrity/row-checksum.ts';
import type { SealedTable } from '../integrity/sealed-tables.ts';
import type { SqlValue, SqliteDatabase } from '../sqlite-database.ts';

/** Inserts a row with every column of its sealed table and its checksum. */
export function insertSealedRow(db: SqliteDatabase, table: SealedTable, row: Row): void {
  const values: SqlValue[] = [];
  for (const column of table.columns) values.push(row[column] ?? null);
  values.push(rowChecksum(table, row));
  const { changes } = db.run(insertSql(table), values);
  assert(changes === 1, `one ${table.name} row inserted`);
}

/**
 * The INSERT of each table, made once: every order inserts three or more
 * rows, and building the text (and hashing a fresh string to find the
 * prepared statement) each time was a measurable part of `placeOrder`.
 */
const insertSqlByTable = new WeakMap<SealedTable, string>();

function insertSql(table: SealedTable): string {
  let sql = insertSqlByTable.get(table);
  if (sql === undefined) {
    sql = `INSERT INTO ${table.name} (${table.columns.join(', ')}, row_checksum)
     VALUES (${table.columns.map(() => '?').join(', ')}, ?)`;
    insertSqlByTable.set(table, sql);
  }
  return sql;
}
