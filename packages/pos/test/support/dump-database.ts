import type { SqliteDatabase } from '../../src/index.ts';
import { PLATFORM } from './adapters.ts';
import { joinPath } from './test-platform.ts';

/**
 * A full logical dump of the database at `path` as SQLite reads it, -wal
 * included: the schema version, every schema object, and every row of
 * every table (sqlite_sequence too), each table's rows sorted. Two files
 * with the same dump hold the same data, whatever their bytes. Read from a
 * scratch copy, so the files are not touched; null if SQLite cannot read
 * it all (then nothing proves a damage harmless).
 */
export function dumpDatabase(path: string): string | null {
  const { files } = PLATFORM;
  const scratch = files.makeTempDir();
  try {
    const copy = joinPath(scratch, 'db');
    for (const suffix of ['', '-wal']) {
      if (files.exists(`${path}${suffix}`)) files.copy(`${path}${suffix}`, `${copy}${suffix}`);
    }
    if (!files.exists(copy)) return null;
    const db = PLATFORM.openReadOnly(copy);
    try {
      return readDump(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  } finally {
    files.removeTree(scratch);
  }
}

function readDump(db: SqliteDatabase): string {
  const version = db.get('PRAGMA user_version');
  const schema = db.all<{ type: string; name: string }>(
    'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name',
  );
  const tables = schema.filter((entry) => entry.type === 'table').map((entry) => entry.name);
  const rows = Object.fromEntries(
    tables.map((table) => [
      table,
      db
        .all(`SELECT * FROM "${table}"`)
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
  return JSON.stringify({ version, schema, rows });
}
