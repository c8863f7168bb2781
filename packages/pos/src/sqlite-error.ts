/**
 * The error every `SqliteDatabase` throws for a failure SQLite reports, with
 * SQLite's own result code, so the engine classifies failures the same way on
 * every platform.
 *
 * Some failures are the device's fault, not the program's: the storage is
 * full, an I/O error, the file is locked or damaged. Those are operating
 * errors: the engine reports them as values (`storage.failed`). Every other
 * code (a constraint, a syntax error, a misuse) means the engine has a bug,
 * and the error propagates.
 */
export class SqliteError extends Error {
  /** SQLite's extended result code, such as 1299 (SQLITE_CONSTRAINT_NOTNULL). */
  readonly resultCode: number;

  constructor(message: string, resultCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqliteError';
    this.resultCode = resultCode;
  }

  /** The primary result code: the low 8 bits of the extended one. */
  get primaryResultCode(): number {
    return this.resultCode & 0xff;
  }
}

/**
 * Primary result codes that mean the device's storage failed, not our code.
 * See https://sqlite.org/rescode.html.
 */
export const STORAGE_FAILURE_RESULT_CODES: Readonly<Record<number, string>> = {
  5: 'SQLITE_BUSY: another connection holds the lock beyond the busy time-out',
  6: 'SQLITE_LOCKED: a table is locked',
  7: 'SQLITE_NOMEM: out of memory',
  8: 'SQLITE_READONLY: the database file is read-only',
  10: 'SQLITE_IOERR: the operating system reported an I/O error',
  11: 'SQLITE_CORRUPT: the database file is damaged',
  13: 'SQLITE_FULL: the storage is full',
  14: 'SQLITE_CANTOPEN: the database file cannot be opened',
  15: 'SQLITE_PROTOCOL: the file locking protocol failed',
  26: 'SQLITE_NOTADB: the file is not a database',
};

/** True for a failure of the device's storage (an operating error, not a bug). */
export function isStorageFailure(error: unknown): error is SqliteError {
  return error instanceof SqliteError && error.primaryResultCode in STORAGE_FAILURE_RESULT_CODES;
}
