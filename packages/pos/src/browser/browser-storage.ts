/**
 * The browser's storage for POS stores, one per dedicated Worker:
 *
 * - SQLite WASM (the official `@sqlite.org/sqlite-wasm` build) with its
 *   `opfs-sahpool` VFS for every database file: the store's database and
 *   its -wal, a database being rebuilt, quarantine archives. The pool keeps
 *   a sync access handle open on each of its OPFS files, so opening,
 *   creating, reading and removing a file in it is synchronous, as the
 *   engine needs; only growing the pool is asynchronous.
 * - A plain OPFS directory for the files that are not databases: each
 *   store's journal (two files whose sync access handles this Worker opens
 *   once and keeps) and backlog exports.
 *
 * The pool locks its files: one Worker of an origin holds the storage at a
 * time, and a second tab fails to open it. The pool's VFS has no locks of
 * its own either, so each database file gets one connection at a time
 * (`openDatabases`), which is all the engine needs.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { assert } from '@tabline/domain';
import type { JournalSlots } from './opfs-journal-file.ts';
import { waitForUnlockedFiles } from './wait-for-unlocked-files.ts';

export interface BrowserStorageOptions {
  /** OPFS directory of the SQLite pool (its files have opaque names). */
  readonly sqliteDirectory?: string;
  /** OPFS directory of the journals and exports, mirroring store paths. */
  readonly filesDirectory?: string;
}

export const SQLITE_DIRECTORY_DEFAULT = '.tabline-sqlite';
export const FILES_DIRECTORY_DEFAULT = 'tabline';
/** The name the pool's VFS is registered under. */
export const SQLITE_VFS_NAME = 'tabline-sahpool';

export interface BrowserStorage {
  readonly sqlite3: Sqlite3Static;
  readonly pool: SAHPoolUtil;
  /** The OPFS directory of the files that are not databases. */
  readonly directory: FileSystemDirectoryHandle;
  /** Journal files whose handles this Worker holds, by store path. */
  readonly journals: Map<string, JournalSlots>;
  /** Database files with a connection open in this Worker: one each. */
  readonly openDatabases: Set<string>;
}

export function resolveBrowserStorageOptions(
  options: BrowserStorageOptions = {},
): Required<BrowserStorageOptions> {
  return {
    sqliteDirectory: options.sqliteDirectory ?? SQLITE_DIRECTORY_DEFAULT,
    filesDirectory: options.filesDirectory ?? FILES_DIRECTORY_DEFAULT,
  };
}

let opened: { key: string; storage: Promise<BrowserStorage> } | null = null;

/**
 * The Worker's storage, set up at the first call (loading SQLite WASM,
 * acquiring the pool's files); later calls get the same one and must not
 * ask for other directories.
 */
export function openBrowserStorage(options: BrowserStorageOptions = {}): Promise<BrowserStorage> {
  const resolved = resolveBrowserStorageOptions(options);
  const key = JSON.stringify(resolved);
  if (opened === null) {
    const storage = setUp(resolved);
    opened = { key, storage };
    // A failed set-up (the pool held by another tab) may succeed later.
    storage.catch(() => {
      if (opened?.storage === storage) opened = null;
    });
  }
  assert(opened.key === key, 'a Worker keeps its browser storage in one place');
  return opened.storage;
}

async function setUp(options: Required<BrowserStorageOptions>): Promise<BrowserStorage> {
  assert(
    typeof FileSystemFileHandle !== 'undefined' &&
      'createSyncAccessHandle' in FileSystemFileHandle.prototype,
    'the browser storage opens in a dedicated Web Worker: OPFS sync access handles exist only there',
  );
  const sqlite3 = await sqlite3InitModule();
  const pool = await acquirePool(sqlite3, options.sqliteDirectory);
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(options.filesDirectory, { create: true });
  return { sqlite3, pool, directory, journals: new Map(), openDatabases: new Set() };
}

/** The pool's own folder of files inside its directory (the VFS's layout, fixed by it). */
const POOL_FILES_FOLDER = '.opaque';

/**
 * Installs the pool once its files are free: a page reloaded finds them
 * held for a moment by its predecessor's Worker (`wait-for-unlocked-files.ts`).
 */
async function acquirePool(sqlite3: Sqlite3Static, directory: string): Promise<SAHPoolUtil> {
  try {
    const files = await findDirectory(directory, POOL_FILES_FOLDER);
    if (files !== null) await waitForUnlockedFiles(files);
    return await sqlite3.installOpfsSAHPoolVfs({
      name: SQLITE_VFS_NAME,
      directory,
      // Else the VFS answers every later call with its first failure.
      forceReinitIfPreviouslyFailed: true,
    } as Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0]);
  } catch (error) {
    throw new Error(
      'the browser storage could not be opened: is the POS open in another tab or Worker?',
      { cause: error },
    );
  }
}

/** The OPFS directory at `path` and then `folder` below it, or null when it does not exist. */
async function findDirectory(
  path: string,
  folder: string,
): Promise<FileSystemDirectoryHandle | null> {
  let directory = await navigator.storage.getDirectory();
  for (const name of [...path.split('/'), folder].filter((segment) => segment.length > 0)) {
    try {
      directory = await directory.getDirectoryHandle(name);
    } catch (error) {
      if ((error as { name?: unknown }).name === 'NotFoundError') return null;
      throw error;
    }
  }
  return directory;
}

/**
 * Grows the pool, if needed, so that `count` more files can be created
 * without waiting: creating a file must be synchronous, growing the pool
 * cannot be. Each free file is an empty OPFS file and an open handle.
 */
export async function reserveFreeFiles(storage: BrowserStorage, count: number): Promise<void> {
  await storage.pool.reserveMinimumCapacity(storage.pool.getFileCount() + count);
}

/** The OPFS directory for the files beside `directories` (a store's folders), made if missing. */
export async function openFilesDirectory(
  storage: BrowserStorage,
  directories: readonly string[],
): Promise<FileSystemDirectoryHandle> {
  let directory = storage.directory;
  for (const name of directories) {
    directory = await directory.getDirectoryHandle(name, { create: true });
  }
  return directory;
}
