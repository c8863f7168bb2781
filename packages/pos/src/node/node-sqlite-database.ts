/**
 * `SqliteDatabase` on Node's built-in `node:sqlite` (`DatabaseSync`), for the
 * POS engine in a Node process: the CLI's `pos` command, the simulator and
 * the tests. The pragmas make every commit durable: an order `placeOrder`
 * returned survives the process being killed and the power going out.
 */
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { assert } from '@tabline/domain';
import type { RunResult, SqlParams, SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import { createStatementCache } from '../statement-cache.ts';

/**
 * Prepared statements kept per SQL text. The engine uses a few dozen fixed
 * statements; the bound stops SQL built at run time from growing the cache
 * without end.
 */
export const STATEMENT_CACHE_SIZE_MAX = 100;

/**
 * How long a statement waits for another connection's lock before failing
 * with SQLITE_BUSY. Long enough to ride out a checkpoint, short enough that
 * staff see a stuck device as an error rather than a frozen screen.
 */
export const BUSY_TIMEOUT_MS_DEFAULT = 5_000;

export interface NodeSqliteDatabaseOptions {
  readonly busyTimeoutMs?: number;
  readonly statementCacheSizeMax?: number;
}

/**
 * Opens (or creates) the database file at `path` with WAL journaling, fully
 * synchronous commits and foreign keys enforced, and checks each setting took
 * effect: an in-memory or read-only database, on which WAL is impossible, is
 * refused rather than silently less durable.
 */
export function openNodeSqliteDatabase(
  path: string,
  options: NodeSqliteDatabaseOptions = {},
): SqliteDatabase {
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS_DEFAULT;
  const cacheSizeMax = options.statementCacheSizeMax ?? STATEMENT_CACHE_SIZE_MAX;
  assert(Number.isInteger(busyTimeoutMs) && busyTimeoutMs >= 0, 'busy time-out is whole ms');
  assert(Number.isInteger(cacheSizeMax) && cacheSizeMax >= 1, 'statement cache holds one or more');
  const native = translateErrors(() => new DatabaseSync(path));
  const db = wrapDatabase(native, cacheSizeMax);
  try {
    configureDurability(db, busyTimeoutMs);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens a database file read-only and as it is, with no pragma that could
 * write: for salvaging what can still be read from a damaged file (on a
 * scratch copy), never for the engine's own store.
 */
export function openNodeSqliteDatabaseReadOnly(
  path: string,
  options: Pick<NodeSqliteDatabaseOptions, 'statementCacheSizeMax'> = {},
): SqliteDatabase {
  const native = translateErrors(() => new DatabaseSync(path, { readOnly: true }));
  return wrapDatabase(native, options.statementCacheSizeMax ?? STATEMENT_CACHE_SIZE_MAX);
}

function configureDurability(db: SqliteDatabase, busyTimeoutMs: number): void {
  // The busy time-out goes first, so that switching to WAL waits for a lock too.
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  const journal = db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  assert(journal?.journal_mode === 'wal', `journal_mode is wal, got ${journal?.journal_mode}`);
  const synchronous = db.get<{ synchronous: number }>('PRAGMA synchronous');
  assert(synchronous?.synchronous === 2, 'synchronous is FULL (2)');
  const foreignKeys = db.get<{ foreign_keys: number }>('PRAGMA foreign_keys');
  assert(foreignKeys?.foreign_keys === 1, 'foreign_keys is on');
  const busy = db.get<{ timeout: number }>('PRAGMA busy_timeout');
  assert(busy?.timeout === busyTimeoutMs, `busy_timeout is ${busyTimeoutMs}`);
}

function wrapDatabase(native: DatabaseSync, cacheSizeMax: number): SqliteDatabase {
  const statements = createStatementCache((sql) => native.prepare(sql), cacheSizeMax);
  return {
    exec: (sql) => translateErrors(() => native.exec(sql)),
    run: (sql, params = []) => translateErrors(() => runStatement(statements(sql), params)),
    get: <T>(sql: string, params: SqlParams = []) =>
      translateReadErrors(() => statements(sql).get(...params) as T | undefined),
    all: <T>(sql: string, params: SqlParams = []) =>
      translateReadErrors(() => statements(sql).all(...params) as T[]),
    close: () => translateErrors(() => native.close()),
  };
}

function runStatement(statement: StatementSync, params: SqlParams): RunResult {
  const { changes } = statement.run(...params);
  return { changes: Number(changes) };
}

/** SQLite's result code for a damaged database file. */
const SQLITE_CORRUPT = 11;

/** node:sqlite throws plain Errors with `errcode`; the engine expects `SqliteError`. */
function translateErrors<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (!isNodeSqliteError(error)) throw error;
    throw new SqliteError(error.message, error.errcode, { cause: error });
  }
}

/**
 * Reads translate one more failure: an integer node:sqlite cannot return as a
 * number is one the engine never wrote (every value it stores is a safe
 * integer), so the file is damaged, and that is reported as SQLITE_CORRUPT.
 */
function translateReadErrors<T>(operation: () => T): T {
  try {
    return translateErrors(operation);
  } catch (error) {
    if (!isOutOfRange(error)) throw error;
    throw new SqliteError(error.message, SQLITE_CORRUPT, { cause: error });
  }
}

function isOutOfRange(error: unknown): error is RangeError {
  return error instanceof RangeError && (error as { code?: unknown }).code === 'ERR_OUT_OF_RANGE';
}

function isNodeSqliteError(error: unknown): error is Error & { errcode: number } {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'ERR_SQLITE_ERROR' &&
    typeof (error as { errcode?: unknown }).errcode === 'number'
  );
}
