import { assert } from '@tabline/domain';
import type { SqliteDatabase } from './sqlite-database.ts';

/**
 * The statements `inTransaction` runs, named so that the deferred-commit
 * fault (`faults/deferred-commit-database.ts`), which stands in for them,
 * cannot drift from them.
 */
export const TRANSACTION_SQL = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
} as const;

/** Databases inside `inTransaction` right now: SQLite transactions do not nest. */
const databasesInTransaction = new WeakSet<SqliteDatabase>();

/**
 * Runs `fn` in one write transaction: everything it writes commits together
 * or not at all. BEGIN IMMEDIATE takes the write lock up front, so the
 * transaction cannot fail half-way for want of a lock it could not upgrade.
 * A throw rolls back and propagates.
 *
 * `fn` must be synchronous: awaiting inside a transaction would let other work
 * interleave with it, which is exactly what the synchronous adapter prevents.
 */
export function inTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  assert(!databasesInTransaction.has(db), 'transactions do not nest');
  db.exec(TRANSACTION_SQL.begin);
  databasesInTransaction.add(db);
  try {
    const result = fn();
    assert(!isPromiseLike(result), 'a transaction body is synchronous');
    db.exec(TRANSACTION_SQL.commit);
    return result;
  } catch (error) {
    rollBack(db);
    throw error;
  } finally {
    databasesInTransaction.delete(db);
  }
}

function rollBack(db: SqliteDatabase): void {
  try {
    db.exec(TRANSACTION_SQL.rollback);
  } catch {
    // After some failures (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite has
    // already rolled back on its own, and ROLLBACK answers "no transaction is
    // active". The error that made us roll back is the one worth reporting.
  }
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
