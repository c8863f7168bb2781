/**
 * The `deferCommitMs` fault's database (testing only; see
 * `PosEngineFaults`): a `SqliteDatabase` whose transactions are acknowledged
 * before they are durable.
 *
 * `inTransaction` runs BEGIN IMMEDIATE, the body, then COMMIT (or ROLLBACK).
 * Here the first BEGIN opens one long transaction on the real database and
 * each `inTransaction` becomes a savepoint inside it: its COMMIT only
 * releases the savepoint, so the work is visible to this engine at once but
 * written to no file that survives the process (SQLite may spill pages to
 * the WAL, but without a commit frame recovery ignores them); its ROLLBACK
 * undoes the savepoint alone, as a failed transaction undoes itself. A timer
 * commits the long transaction `deferCommitMs` after it opened, and
 * `commitNow()` and `close()` commit it at once.
 *
 * Transactions are synchronous, so the timer never fires inside one.
 */
import { assert } from '@tabline/domain';
import { TRANSACTION_SQL } from '../in-transaction.ts';
import type { Scheduler, TimerHandle } from '../scheduler.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { isStorageFailure } from '../sqlite-error.ts';

export interface DeferredCommitDatabase extends SqliteDatabase {
  /** Commits the work held so far, if any. Throws `SqliteError`, and the work is then lost. */
  commitNow(): void;
}

const SAVEPOINT = 'deferred_commit_fault';

export function createDeferredCommitDatabase(
  db: SqliteDatabase,
  scheduler: Scheduler,
  deferCommitMs: number,
): DeferredCommitDatabase {
  /** Whether the long transaction is open, holding work not yet durable. */
  let holding = false;
  /** Whether an `inTransaction` body runs now (a savepoint is open). */
  let inSavepoint = false;
  let timer: TimerHandle | null = null;

  const stopTimer = () => {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
  };
  /** Drops everything held: what a crash would have done. */
  const dropHeld = () => {
    stopTimer();
    holding = false;
    try {
      db.exec(TRANSACTION_SQL.rollback);
    } catch {
      // SQLite may have rolled back on its own already (see in-transaction.ts).
    }
  };
  const commitNow = () => {
    assert(!inSavepoint, 'deferred work is committed between transactions');
    stopTimer();
    if (!holding) return;
    try {
      db.exec(TRANSACTION_SQL.commit);
      holding = false;
    } catch (error) {
      dropHeld();
      throw error;
    }
  };
  const commitOnTimer = () => {
    timer = null;
    try {
      commitNow();
    } catch (error) {
      // A storage failure loses the held work, as a crash would; a bug crashes.
      if (!isStorageFailure(error)) throw error;
    }
  };
  const begin = () => {
    if (!holding) {
      db.exec(TRANSACTION_SQL.begin);
      holding = true;
      timer = scheduler.setTimeout(commitOnTimer, deferCommitMs);
    }
    db.exec(`SAVEPOINT ${SAVEPOINT}`);
    inSavepoint = true;
  };
  const release = () => {
    db.exec(`RELEASE ${SAVEPOINT}`);
    inSavepoint = false;
  };
  const rollBack = () => {
    inSavepoint = false;
    try {
      db.exec(`ROLLBACK TO ${SAVEPOINT}; RELEASE ${SAVEPOINT}`);
    } catch (error) {
      // SQLite rolled the whole transaction back on its own (SQLITE_FULL,
      // SQLITE_IOERR…): the held work went with it.
      dropHeld();
      throw error;
    }
  };

  return {
    exec(sql) {
      switch (sql) {
        case TRANSACTION_SQL.begin:
          return begin();
        case TRANSACTION_SQL.commit:
          return release();
        case TRANSACTION_SQL.rollback:
          return rollBack();
        default:
          return db.exec(sql);
      }
    },
    run: (sql, params) => db.run(sql, params),
    get: (sql, params) => db.get(sql, params),
    all: (sql, params) => db.all(sql, params),
    commitNow,
    close() {
      try {
        commitNow();
      } finally {
        db.close();
      }
    },
  };
}
