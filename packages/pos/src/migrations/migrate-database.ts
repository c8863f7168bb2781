import { assert } from '@tabline/domain';
import { inTransaction } from '../in-transaction.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { Migration } from './migration.ts';
import { MIGRATIONS } from './migrations.ts';

/**
 * Brings the database to the latest schema: runs, in order, each migration
 * newer than its `PRAGMA user_version`, each in its own transaction together
 * with the new version number, so a crash leaves the database at a version
 * boundary. A database from a newer release is refused: an older engine
 * cannot know what that schema means.
 */
export function migrateDatabase(
  db: SqliteDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  checkNumbering(migrations);
  const current = readSchemaVersion(db);
  const latest = migrations.length;
  if (current > latest) throw newerReleaseError(current, latest);
  for (const migration of migrations.slice(current)) applyMigration(db, migration);
}

/** A database from a later release: this engine cannot know what its schema means. */
export function newerReleaseError(version: number, latest = MIGRATIONS.length): Error {
  return new Error(
    `The POS database is at schema version ${version}, newer than this app knows (${latest}). Update the app.`,
  );
}

/** The schema version: the number of migrations applied. */
export function readSchemaVersion(db: SqliteDatabase): number {
  const row = db.get<{ user_version: number }>('PRAGMA user_version');
  assert(row !== undefined, 'PRAGMA user_version answers');
  return row.user_version;
}

function applyMigration(db: SqliteDatabase, migration: Migration): void {
  inTransaction(db, () => {
    db.exec(migration.sql);
    // user_version lives in the file header and is written by this same
    // transaction, so the schema and its number cannot disagree.
    db.exec(`PRAGMA user_version = ${migration.version}`);
  });
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    assert(migration.version === index + 1, `migration ${migration.name} is number ${index + 1}`);
  });
}
