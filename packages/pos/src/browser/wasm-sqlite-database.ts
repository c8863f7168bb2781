/**
 * `SqliteDatabase` on the official SQLite WASM build (its oo1 API), on a
 * file of the `opfs-sahpool` pool, for the POS engine inside a browser's
 * dedicated Worker. Every commit is durable: the -wal is flushed to OPFS
 * (`synchronous=FULL`) before `COMMIT` returns.
 *
 * The pool's VFS has no shared memory, so WAL runs with
 * `locking_mode=EXCLUSIVE` (SQLite then keeps the WAL index in its own
 * memory). Measured in Chromium: with a rollback journal instead
 * (`journal_mode=TRUNCATE`), a Worker killed in the middle of a
 * transaction leaves a damaged file, because the pool's VFS reports a lock
 * held to SQLite's hot-journal check and the journal is never played back;
 * with WAL the next open finds exactly the committed transactions.
 *
 * The pool has no locks, so a second connection to a file would go
 * unnoticed and corrupt it: each file gets one connection at a time in the
 * Worker, and a second is refused with SQLITE_BUSY.
 */
import type { Database, PreparedStatement, BindableValue } from '@sqlite.org/sqlite-wasm';
import { assert } from '@tabline/domain';
import type { RunResult, SqlParams, SqlValue, SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import { createStatementCache } from '../statement-cache.ts';
import type { BrowserStorage } from './browser-storage.ts';

/**
 * Prepared statements kept per SQL text. The engine uses a few dozen fixed
 * statements; the bound stops SQL built at run time from growing the cache
 * (and the WASM heap) without end.
 */
export const STATEMENT_CACHE_SIZE_MAX = 100;

export interface WasmSqliteDatabaseOptions {
  readonly statementCacheSizeMax?: number;
}

const SQLITE_BUSY = 5;
const SQLITE_NOMEM = 7;
/** SQLite's result code for a damaged database file. */
const SQLITE_CORRUPT = 11;

/**
 * Opens (or creates) the database at `path` in the pool with WAL
 * journaling, fully synchronous commits and foreign keys enforced, and
 * checks each setting took effect.
 */
export function openWasmSqliteDatabase(
  storage: BrowserStorage,
  path: string,
  options: WasmSqliteDatabaseOptions = {},
): SqliteDatabase {
  return open(storage, path, 'c', options, configureDurability);
}

/**
 * Opens a database read-only and as it is, with no pragma that could
 * write: for checking and salvaging. A read-only connection neither writes
 * the file nor checkpoints its -wal into it. On Node the file system's
 * locks see to the second (a read-only file cannot be locked for the
 * checkpoint at close); the pool grants every lock, so the checkpoint at
 * close is turned off here, or closing would play the -wal into the file.
 */
export function openWasmSqliteDatabaseReadOnly(
  storage: BrowserStorage,
  path: string,
  options: WasmSqliteDatabaseOptions = {},
): SqliteDatabase {
  return open(storage, path, 'r', options, (db, native) => {
    const { capi } = storage.sqlite3;
    const rc = capi.sqlite3_db_config(native, capi.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, 0);
    if (rc !== 0) throw new SqliteError('cannot turn off the checkpoint at close', rc);
    // Without shared memory a -wal can only be read in exclusive mode.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
  });
}

function open(
  storage: BrowserStorage,
  path: string,
  flags: 'c' | 'r',
  options: WasmSqliteDatabaseOptions,
  configure: (db: SqliteDatabase, native: Database) => void,
): SqliteDatabase {
  const cacheSizeMax = options.statementCacheSizeMax ?? STATEMENT_CACHE_SIZE_MAX;
  assert(Number.isInteger(cacheSizeMax) && cacheSizeMax >= 1, 'statement cache holds one or more');
  if (storage.openDatabases.has(path)) {
    throw new SqliteError(
      `database is locked: ${path} already has a connection in this Worker`,
      SQLITE_BUSY,
    );
  }
  const errors = storage.sqlite3.SQLite3Error;
  const native = translateErrors(errors, () => {
    return new storage.sqlite3.oo1.DB({ filename: path, flags, vfs: storage.pool.vfsName });
  });
  storage.openDatabases.add(path);
  const db = wrapDatabase(native, cacheSizeMax, errors, () => storage.openDatabases.delete(path));
  try {
    configure(db, native);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function configureDurability(db: SqliteDatabase): void {
  // Exclusive locking first: it is what lets the pool's VFS run WAL at all.
  const locking = db.get<{ locking_mode: string }>('PRAGMA locking_mode = EXCLUSIVE');
  const journal = db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  assert(
    locking?.locking_mode === 'exclusive',
    `locking_mode is exclusive, got ${locking?.locking_mode}`,
  );
  assert(journal?.journal_mode === 'wal', `journal_mode is wal, got ${journal?.journal_mode}`);
  const synchronous = db.get<{ synchronous: number }>('PRAGMA synchronous');
  assert(synchronous?.synchronous === 2, 'synchronous is FULL (2)');
  const foreignKeys = db.get<{ foreign_keys: number }>('PRAGMA foreign_keys');
  assert(foreignKeys?.foreign_keys === 1, 'foreign_keys is on');
}

type ErrorClass = BrowserStorage['sqlite3']['SQLite3Error'];

function wrapDatabase(
  native: Database,
  cacheSizeMax: number,
  errors: ErrorClass,
  onClose: () => void,
): SqliteDatabase {
  // Evicted statements are finalized, so their WASM memory comes back.
  const statements = createStatementCache(
    (sql) => native.prepare(sql),
    cacheSizeMax,
    (statement) => statement.finalize(),
  );
  const translate = <T>(operation: () => T) => translateErrors(errors, operation);
  return {
    exec: (sql) => translate(() => void native.exec(sql)),
    run: (sql, params = []) =>
      translate(() =>
        withStatement(statements(sql), params, (statement) => runToEnd(native, statement)),
      ),
    get: <T>(sql: string, params: SqlParams = []) =>
      translate(() => withStatement(statements(sql), params, firstRow) as T | undefined),
    all: <T>(sql: string, params: SqlParams = []) =>
      translate(() => withStatement(statements(sql), params, everyRow) as T[]),
    close: () => {
      try {
        statements.releaseAll();
        translate(() => native.close());
      } finally {
        onClose();
      }
    },
  };
}

/** Binds, runs `use`, and leaves the statement reset with no bindings, whatever happens. */
function withStatement<T>(
  statement: PreparedStatement,
  params: SqlParams,
  use: (statement: PreparedStatement) => T,
): T {
  try {
    if (params.length > 0) statement.bind(params as readonly BindableValue[]);
    return use(statement);
  } finally {
    statement.reset(true);
  }
}

function runToEnd(native: Database, statement: PreparedStatement): RunResult {
  while (statement.step()) {
    // A write with RETURNING yields rows; running it to the end is the point.
  }
  return { changes: native.changes() };
}

function firstRow(statement: PreparedStatement): Record<string, SqlValue> | undefined {
  return statement.step() ? readRow(statement) : undefined;
}

function everyRow(statement: PreparedStatement): Record<string, SqlValue>[] {
  const rows: Record<string, SqlValue>[] = [];
  while (statement.step()) rows.push(readRow(statement));
  return rows;
}

/**
 * A row as an object of column values. SQLite WASM returns an integer
 * beyond JavaScript's safe range as a bigint; the engine never writes one
 * (every value it stores is a safe integer), so the file is damaged, and
 * that is reported as SQLITE_CORRUPT, as the Node adapter does.
 */
function readRow(statement: PreparedStatement): Record<string, SqlValue> {
  const row = statement.get({}) as Record<string, SqlValue | ArrayBuffer | Int8Array>;
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'bigint') {
      throw new SqliteError(
        `integer ${value} in column ${column} is beyond the safe range`,
        SQLITE_CORRUPT,
      );
    }
  }
  return row as Record<string, SqlValue>;
}

/**
 * The oo1 API throws `SQLite3Error` with SQLite's extended result code
 * (and a `WasmAllocError` when the WASM heap is full); the engine expects
 * `SqliteError`.
 */
function translateErrors<T>(errors: ErrorClass, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof errors) {
      throw new SqliteError(error.message, error.resultCode, { cause: error });
    }
    if (error instanceof Error && error.name === 'WasmAllocError') {
      throw new SqliteError(error.message, SQLITE_NOMEM, { cause: error });
    }
    throw error;
  }
}
