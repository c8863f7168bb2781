import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { rowChecksum } from '../integrity/row-checksum.ts';
import type { SealedTable } from '../integrity/sealed-tables.ts';
import type { SqlValue, SqliteDatabase } from '../sqlite-database.ts';

/**
 * Recomputes a row's checksum after an UPDATE changed it, in the same
 * transaction. Every UPDATE of a sealed table is followed by this: a row
 * left with a stale checksum is reported as damage at the next open.
 */
export function resealRow(
  db: SqliteDatabase,
  table: SealedTable,
  keyValues: readonly SqlValue[],
): void {
  const where = table.key.map((column) => `${column} = ?`).join(' AND ');
  const row = db.get<Row>(`SELECT ${table.columns.join(', ')} FROM ${table.name} WHERE ${where}`, [
    ...keyValues,
  ]);
  assert(row !== undefined, `the ${table.name} row to reseal exists`);
  sealUpdatedRow(db, table, row);
}

/**
 * Seals a row an `UPDATE … RETURNING` (every column of its table) just
 * changed: the same as `resealRow` without reading the row back, for the
 * updates made once per order.
 */
export function sealUpdatedRow(db: SqliteDatabase, table: SealedTable, row: Row): void {
  db.run(sealSql(table), [
    rowChecksum(table, row),
    ...table.key.map((column) => row[column] ?? null),
  ]);
}

/** The sealing UPDATE of each table, made once (every order reseals the commit counter). */
const sealSqlByTable = new WeakMap<SealedTable, string>();

function sealSql(table: SealedTable): string {
  let sql = sealSqlByTable.get(table);
  if (sql === undefined) {
    const where = table.key.map((column) => `${column} = ?`).join(' AND ');
    sql = `UPDATE ${table.name} SET row_checksum = ? WHERE ${where}`;
    sealSqlByTable.set(table, sql);
  }
  return sql;
}

/**
 * Seals the rows an `UPDATE … RETURNING` of many rows just changed, in one
 * statement (tables with a one-column key).
 */
export function sealUpdatedRows(
  db: SqliteDatabase,
  table: SealedTable,
  rows: readonly Row[],
): void {
  if (rows.length === 0) return;
  assert(table.key.length === 1, `${table.name} has a one-column key`);
  const key = table.key[0]!;
  db.run(
    `UPDATE ${table.name} SET row_checksum = sealed.checksum
       FROM (SELECT value ->> 0 AS sealed_key, value ->> 1 AS checksum FROM json_each(?)) AS sealed
      WHERE ${key} = sealed.sealed_key`,
    [JSON.stringify(rows.map((row) => [row[key] ?? null, rowChecksum(table, row)]))],
  );
}
