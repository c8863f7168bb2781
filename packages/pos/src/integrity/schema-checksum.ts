import type { SqliteDatabase } from '../sqlite-database.ts';
import { crc32Text } from './crc32.ts';

/**
 * A CRC-32 of the schema as SQLite holds it in `sqlite_master` (type, name,
 * table and SQL of every table, index and trigger; not the root page
 * numbers, which only say where things are). A byte flipped in the schema's
 * text that still parses, inside a comment say, changes it.
 */
export function schemaChecksum(db: SqliteDatabase): number {
  const rows = db.all<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name',
  );
  return crc32Text(JSON.stringify(rows.map((row) => [row.type, row.name, row.tbl_name, row.sql])));
}
