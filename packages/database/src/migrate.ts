import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import type { Database } from './database.ts';

/** The folder of numbered SQL migrations, `NNNN-name.sql`. */
export const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** Any constant works; it only has to be the same in every process. */
const MIGRATION_LOCK_KEY = 7_301_001;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly current: number;
}

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new Error(`Migration file name ${file} is not NNNN-name.sql`);
    const sql = await readFile(new URL(file, dir), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version: Number(match[1]), name: match[2]!, sql, checksum });
  }
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3…; found ${migration.version}`);
    }
  });
  return migrations;
}

/**
 * Brings the schema up to date, in one transaction, under an advisory lock so
 * that several API or worker processes starting at once migrate only once.
 * A committed migration whose file has since changed stops the start: the
 * database and the code disagree, and guessing would be worse.
 */
export async function migrate(database: Database, dir: URL = MIGRATIONS_DIR) {
  const migrations = await loadMigrations(dir);
  return database.transaction(async (tx): Promise<MigrationReport> => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now())`);
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      'select version, checksum from schema_migrations order by version',
    );
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum === migration.checksum) continue;
      if (checksum !== undefined) {
        throw new Error(
          `Migration ${migration.version}-${migration.name} was changed after it was applied. ` +
            'Migrations are immutable: restore the file and add a new migration instead.',
        );
      }
      await tx.exec(migration.sql);
      await tx.query(
        'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      newlyApplied.push(`${migration.version}-${migration.name}`);
    }
    return { applied: newlyApplied, current: migrations.length };
  });
}
