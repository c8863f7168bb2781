/**
 * One step of the local schema. Migrations are numbered from 1 without gaps
 * and never change once released: a device may hold a database from any
 * earlier release, and migrating it must give the same schema as migrating
 * an empty one. The SQL lives in TypeScript strings, not .sql files, so the
 * browser build needs no file system to read it.
 */
export interface Migration {
  /** The `PRAGMA user_version` the database has once this migration ran. */
  readonly version: number;
  readonly name: string;
  /** Statements separated by `;`, run in one transaction. */
  readonly sql: string;
}
