/**
 * `StoreFiles` in the browser. For a store at `/pos.db`:
 *
 *     /pos.db, /pos.db-wal                   the database (SQLite pool)
 *     /pos.db.rebuild                        a database being rebuilt (pool)
 *     /pos.db.quarantine-<time>              an archive of damaged files (pool,
 *                                            `quarantine-archive.ts`)
 *     <files directory>/pos.db.journal.0, .1 the journal (OPFS, `opfs-journal-file.ts`)
 *
 * The pool creates, reads and removes its files synchronously, and the
 * journal's handles are opened before the engine starts
 * (`openBrowserStoreFiles` is the only asynchronous step), so every method
 * the engine calls is synchronous, as on Node. The pool has no rename:
 * installing a rebuilt database copies its bytes into the database's name
 * (held in memory meanwhile), then removes the rebuild; a crash in between
 * leaves both, and the next open finds the installed one whole.
 */
import type { ErasedFiles, Quarantine, StoreFiles } from '../store-files.ts';
import type { BrowserStorage, BrowserStorageOptions } from './browser-storage.ts';
import { openBrowserStorage, reserveFreeFiles } from './browser-storage.ts';
import { assert } from '@tabline/domain';
import type { JournalSlots } from './opfs-journal-file.ts';
import {
  JOURNAL_SUFFIX,
  acquireJournalSlots,
  eraseJournal,
  openOpfsJournalFile,
  readJournal,
} from './opfs-journal-file.ts';
import { concatenateBytes } from './concatenate-bytes.ts';
import type { ArchivedFile } from './quarantine-archive.ts';
import {
  QUARANTINE_INFIX,
  listQuarantineArchives,
  writeQuarantineArchive,
} from './quarantine-archive.ts';
import { normaliseStorePath, splitStorePath } from './store-path.ts';
import { translateOpfsErrors } from './translate-opfs-errors.ts';
import type { WasmSqliteDatabaseOptions } from './wasm-sqlite-database.ts';
import { openWasmSqliteDatabase, openWasmSqliteDatabaseReadOnly } from './wasm-sqlite-database.ts';

/** The suffixes of SQLite's files in WAL mode beside the main file (no -shm: exclusive mode). */
const DATABASE_SUFFIXES = ['', '-wal'] as const;

export const RECOVERY_REPORT_FILE = 'recovery-report.json';

/**
 * Free files the pool keeps ahead of a store's open: the worst case of one
 * open is a rebuild (and its -wal), two quarantine archives (and their
 * -wal), the installed copy, and SQLite's temporary files.
 */
export const STORE_FREE_FILES_MIN = 10;

export interface BrowserStoreFilesOptions
  extends BrowserStorageOptions, WasmSqliteDatabaseOptions {}

/**
 * The files of the store at `path` (see `normaliseStorePath`), ready for
 * synchronous use: the storage set up, room made in the pool, the
 * journal's handles open.
 */
export async function openBrowserStoreFiles(
  path: string,
  options: BrowserStoreFilesOptions = {},
): Promise<StoreFiles> {
  const { statementCacheSizeMax, ...storageOptions } = options;
  const storage = await openBrowserStorage(storageOptions);
  const location = normaliseStorePath(path);
  await reserveFreeFiles(storage, STORE_FREE_FILES_MIN);
  const journal = await acquireJournalSlots(storage, location);
  const sqliteOptions = statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax };
  return createOpfsStoreFiles(storage, location, journal, sqliteOptions);
}

export function createOpfsStoreFiles(
  storage: BrowserStorage,
  path: string,
  journal: JournalSlots,
  options: WasmSqliteDatabaseOptions = {},
): StoreFiles {
  const { pool } = storage;
  const rebuildPath = `${path}.rebuild`;
  const exists = (name: string) => pool.getFileNames().includes(name);
  return {
    location: path,
    hasDatabase: () => exists(path),
    openDatabase: () => openWasmSqliteDatabase(storage, path, options),
    openDatabaseReadOnly: () => openWasmSqliteDatabaseReadOnly(storage, path, options),
    openJournal: () => openOpfsJournalFile(journal),
    createRebuild() {
      for (const suffix of DATABASE_SUFFIXES) pool.unlink(`${rebuildPath}${suffix}`);
      return openWasmSqliteDatabase(storage, rebuildPath, options);
    },
    hasRebuild: () => exists(rebuildPath) && !exists(`${rebuildPath}-wal`),
    quarantine(label, describe) {
      const moved = DATABASE_SUFFIXES.map((suffix) => `${path}${suffix}`).filter(exists);
      const quarantine = archive(storage, path, label, journal, moved, describe);
      // The -wal goes first: a -wal left without its main file would be
      // played into whatever database took the name next.
      for (const name of [...moved].reverse()) removeClosed(storage, name);
      return quarantine;
    },
    quarantineJournal: (label, describe) => archive(storage, path, label, journal, [], describe),
    installRebuild() {
      // A -wal left beside the name would be played into the installed copy.
      assert(
        !exists(path) && !exists(`${path}-wal`),
        `no database at ${path} when a rebuild is installed`,
      );
      const bytes = pool.exportFile(rebuildPath);
      importDatabase(storage, path, bytes);
      pool.unlink(rebuildPath);
    },
    erase(): ErasedFiles {
      const hadJournal = journal.current !== null;
      const databaseFiles = DATABASE_SUFFIXES.map((suffix) => `${path}${suffix}`).filter(exists);
      // The journal goes first, as on Node: a crash half-way leaves a
      // database without a journal (a new journal is written from it),
      // never a journal without its database.
      translateOpfsErrors(`erasing the journal ${journal.location}`, () => eraseJournal(journal));
      for (const name of [...databaseFiles].reverse()) removeClosed(storage, name);
      return {
        removed: [...(hadJournal ? [journal.location] : []), ...databaseFiles],
        quarantineFolders: listQuarantineArchives(storage, path),
      };
    },
  };
}

/**
 * Writes a new quarantine archive beside the store with `moved` files'
 * bytes, a copy of the journal and the report, and returns where it is.
 */
function archive(
  storage: BrowserStorage,
  path: string,
  label: string,
  journal: JournalSlots,
  moved: readonly string[],
  describe: (folder: string) => string,
): Quarantine {
  const folder = freeArchiveName(storage, `${path}${QUARANTINE_INFIX}${label}`);
  const [, base] = splitStorePath(path);
  const files: ArchivedFile[] = moved.map((name) => ({
    name: `${base}${name.slice(path.length)}`,
    bytes: storage.pool.exportFile(name),
  }));
  if (journal.current !== null) {
    files.push({ name: `${base}${JOURNAL_SUFFIX}`, bytes: concatenateBytes(readJournal(journal)) });
  }
  files.push({ name: RECOVERY_REPORT_FILE, bytes: new TextEncoder().encode(describe(folder)) });
  writeQuarantineArchive(storage, folder, files);
  return { folder, files: files.map((file) => `${folder}/${file.name}`) };
}

/** A name no file has yet, so nothing is overwritten. */
function freeArchiveName(storage: BrowserStorage, base: string): string {
  const taken = new Set(storage.pool.getFileNames());
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    if (!taken.has(name) && !taken.has(`${name}-wal`)) return name;
  }
}

/** Removes a file of the pool, which must have no connection open: removing it under one would corrupt both. */
function removeClosed(storage: BrowserStorage, name: string): void {
  const main = name.endsWith('-wal') ? name.slice(0, -'-wal'.length) : name;
  assert(!storage.openDatabases.has(main), `${main} has no connection open when it is removed`);
  storage.pool.unlink(name);
}

/**
 * Copies a database's bytes into the pool under `name`, durably. The
 * pool's `importDb` is synchronous for bytes (its types say otherwise).
 */
function importDatabase(storage: BrowserStorage, name: string, bytes: Uint8Array): void {
  const written: unknown = storage.pool.importDb(name, bytes);
  assert(written === bytes.length, `the pool imported ${name} at once`);
}
