import type { SqlValue } from '../sqlite-database.ts';
import { crc32Text } from './crc32.ts';
import type { SealedTable } from './sealed-tables.ts';

/** A row as the sealed tables hold it: column name to value. */
export type Row = Readonly<Record<string, SqlValue>>;

/**
 * The checksum of one row: CRC-32 of the JSON array of the table's name and
 * its column values in the table's column order. Values are what SQLite
 * stores in these STRICT tables (integers, text, null), so a row read back
 * serialises exactly as it was written.
 */
export function rowChecksum(table: SealedTable, row: Row): number {
  const values: unknown[] = [table.name];
  for (const column of table.columns) values.push(row[column] ?? null);
  return crc32Text(JSON.stringify(values));
}
