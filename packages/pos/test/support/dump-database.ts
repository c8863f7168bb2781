import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * A full logical dump of the database at `path` as SQLite reads it, -wal
 * included: the schema version, every schema object, and every row of
 * every table (sqlite_sequence too), each table's rows sorted. Two files
 * with the same dump hold the same data, whatever their bytes. Read from a
 * scratch copy, so the files are not touched; null if SQLite cannot read
 * it all (then nothing proves a damage harmless).
 */
export function dumpDatabase(path: string): string | null {
  const scratch = mkdtempSync(join(tmpdir(), 'tabline-dump-'));
  try {
    for (const suffix of ['', '-wal']) {
      if (existsSync(`${path}${suffix}`))
        copyFileSync(`${path}${suffix}`, join(scratch, `db${suffix}`));
    }
    if (!existsSync(join(scratch, 'db'))) return null;
    const db = new DatabaseSync(join(scratch, 'db'), { readOnly: true });
    try {
      return readDump(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readDump(db: DatabaseSync): string {
  const version = db.prepare('PRAGMA user_version').get();
  const schema = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all() as { type: string; name: string }[];
  const tables = schema.filter((entry) => entry.type === 'table').map((entry) => entry.name);
  const rows = Object.fromEntries(
    tables.map((table) => [
      table,
      db
        .prepare(`SELECT * FROM "${table}"`)
        .all()
        .map((row) =>
          JSON.stringify(row, (_key, value: unknown) =>
            typeof value === 'bigint' ? `${value}n` : value,
          ),
        )
        .sort(),
    ]),
  );
  return JSON.stringify({ version, schema, rows });
}
