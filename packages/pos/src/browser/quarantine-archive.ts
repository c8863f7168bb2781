/**
 * A quarantine "folder" in the browser: one SQLite database in the pool,
 * named like Node's folder (`<path>.quarantine-<time>`), holding each
 * quarantined file's exact bytes as a row:
 *
 *     quarantined_files (name TEXT PRIMARY KEY, bytes BLOB)
 *
 * OPFS cannot create a file synchronously, but the pool can, and SQLite
 * makes the archive durable and all-or-nothing in one transaction: a
 * crash while quarantining leaves either the whole archive or none, and
 * the damaged files are removed only once it is committed. The archive
 * holds the files in memory while it is written: a store's size, some
 * megabytes for a day of a bar.
 */
import { inTransaction } from '../in-transaction.ts';
import type { BrowserStorage } from './browser-storage.ts';
import { openWasmSqliteDatabase, openWasmSqliteDatabaseReadOnly } from './wasm-sqlite-database.ts';

export const QUARANTINE_INFIX = '.quarantine-';

export interface ArchivedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Writes a new archive at `folder` holding `files`, durably; the name must be free. */
export function writeQuarantineArchive(
  storage: BrowserStorage,
  folder: string,
  files: readonly ArchivedFile[],
): void {
  const db = openWasmSqliteDatabase(storage, folder);
  try {
    inTransaction(db, () => {
      db.exec('CREATE TABLE quarantined_files (name TEXT PRIMARY KEY, bytes BLOB NOT NULL) STRICT');
      for (const file of files) {
        db.run('INSERT INTO quarantined_files (name, bytes) VALUES (?, ?)', [
          file.name,
          file.bytes,
        ]);
      }
    });
  } finally {
    // Closing checkpoints the -wal into the archive and removes it.
    db.close();
  }
}

/** One file of an archive, or null when it holds none by that name. */
export function readQuarantinedFile(
  storage: BrowserStorage,
  folder: string,
  name: string,
): Uint8Array | null {
  const db = openWasmSqliteDatabaseReadOnly(storage, folder);
  try {
    const row = db.get<{ bytes: Uint8Array }>(
      'SELECT bytes FROM quarantined_files WHERE name = ?',
      [name],
    );
    return row?.bytes ?? null;
  } finally {
    db.close();
  }
}

/** The names of an archive's files. */
export function listQuarantinedFiles(storage: BrowserStorage, folder: string): string[] {
  const db = openWasmSqliteDatabaseReadOnly(storage, folder);
  try {
    return db
      .all<{ name: string }>('SELECT name FROM quarantined_files ORDER BY name')
      .map((row) => row.name);
  } finally {
    db.close();
  }
}

/** The quarantine archives of the store at `path`, oldest first (their names sort by time). */
export function listQuarantineArchives(storage: BrowserStorage, path: string): string[] {
  const prefix = `${path}${QUARANTINE_INFIX}`;
  return storage.pool
    .getFileNames()
    .filter((name) => name.startsWith(prefix) && !name.endsWith('-wal'))
    .sort();
}
