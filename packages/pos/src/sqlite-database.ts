/**
 * The one narrow interface the POS engine stores through. Node's built-in
 * `node:sqlite` implements it (`node/node-sqlite-database.ts`), and so will the
 * official SQLite WASM build (the oo1 API inside a browser Web Worker).
 *
 * It is synchronous on purpose: a transaction then runs from BEGIN to COMMIT
 * without yielding to the event loop, so no other work of the engine (a sync
 * answer arriving, a second order) can interleave with it.
 *
 * Methods throw a `SqliteError` (see `sqlite-error.ts`) for anything SQLite
 * reports, so the engine can tell a full disk from a bug whatever the platform.
 */

/** A value SQLite can bind or return. Money is always an integer `number`. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** Positional parameters, bound to the `?` placeholders in order. */
export type SqlParams = readonly SqlValue[];

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  readonly changes: number;
}

export interface SqliteDatabase {
  /** Runs one or more statements separated by `;`, without parameters. */
  exec(sql: string): void;
  /** Runs one statement that returns no rows. */
  run(sql: string, params?: SqlParams): RunResult;
  /**
   * The first row of a query, or undefined when there is none; also runs a
   * write with `RETURNING` that touches one row, to completion.
   */
  get<T>(sql: string, params?: SqlParams): T | undefined;
  /** Every row of a query. Queries of the engine carry a LIMIT where rows can grow. */
  all<T>(sql: string, params?: SqlParams): T[];
  /** Closes the database; nothing may be called after. */
  close(): void;
}
