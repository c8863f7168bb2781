/**
 * One step of the local schema. Migrations are numbered from 1 without gaps
 * and never change once released: a device may hold a database from any
 * earlier release, and migrating it must give the same schema as migrating
 * an empty one. The SQL lives in TypeScript strings, not .sql files, so the
 * browser build needs no file system to read it.
 *
 * Every row carries a checksum of its columns (`integrity/sealed-tables.ts`).
 * A migration that adds, drops or changes a column of one of those tables
 * updates that list and ends with
 * `UPDATE store_state SET sealed = 0, row_checksum = NULL`: the open that
 * runs it then reseals every row.
 */
export interface Migration {
  /** The `PRAGMA user_version` the database has once this migration ran. */
  readonly version: number;
  readonly name: string;
  /** Statements separated by `;`, run in one transaction. */
  readonly sql: string;
}
