/**
 * The browser platform for the behaviour tests: SQLite WASM on the
 * `opfs-sahpool` pool and the store's journal on OPFS (`src/browser/`),
 * running in a Worker (`store-worker.ts`), used from the test's page
 * through the synchronous bridge (`sync-bridge.ts`). The objects here are
 * stand-ins that forward every call; errors come back as the same classes.
 */
import type { JournalFile, SqliteDatabase, StoreFiles } from '../../../src/index.ts';
import { STATEMENT_CACHE_SIZE_MAX } from '../../../src/browser/wasm-sqlite-database.ts';
import { concatenateBytes } from '../../../src/browser/concatenate-bytes.ts';
import type { SqliteAdapter, TestFiles } from '../test-platform.ts';
import type { SyncBridge } from './sync-bridge.ts';
import { startSyncBridge } from './sync-bridge.ts';

const bridge: SyncBridge = await startSyncBridge(
  new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module' }),
);

interface HeldReference {
  readonly id: number;
  readonly location: string;
}

function remoteDatabase(id: number): SqliteDatabase {
  return {
    exec: (sql) => void bridge.call(id, 'exec', sql),
    run: (sql, params = []) => bridge.call(id, 'run', sql, params) as { changes: number },
    get: <T>(sql: string, params: readonly unknown[] = []) =>
      bridge.call(id, 'get', sql, params) as T | undefined,
    all: <T>(sql: string, params: readonly unknown[] = []) =>
      bridge.call(id, 'all', sql, params) as T[],
    close: () => void bridge.call(id, 'close'),
  };
}

function remoteJournal({ id, location }: HeldReference): JournalFile {
  return {
    location,
    append: (bytes, durable) => void bridge.call(id, 'append', bytes, durable),
    size: () => bridge.call(id, 'size') as number,
    read: () => [bridge.call(id, 'read') as Uint8Array],
    replace: (chunks) => void bridge.call(id, 'replace', [concatenateBytes(chunks)]),
    close: () => void bridge.call(id, 'close'),
  };
}

function remoteStoreFiles({ id, location }: HeldReference): StoreFiles {
  const database = (method: string) => () =>
    remoteDatabase((bridge.call(id, method) as HeldReference).id);
  return {
    location,
    hasDatabase: () => bridge.call(id, 'hasDatabase') as boolean,
    openDatabase: database('openDatabase'),
    openDatabaseReadOnly: database('openDatabaseReadOnly'),
    openJournal: () => remoteJournal(bridge.call(id, 'openJournal') as HeldReference),
    createRebuild: database('createRebuild'),
    hasRebuild: () => bridge.call(id, 'hasRebuild') as boolean,
    quarantine: (label, describe) =>
      bridge.call(id, 'quarantine', label, describe) as ReturnType<StoreFiles['quarantine']>,
    quarantineJournal: (label, describe) =>
      bridge.call(id, 'quarantineJournal', label, describe) as ReturnType<
        StoreFiles['quarantineJournal']
      >,
    installRebuild: () => void bridge.call(id, 'installRebuild'),
    erase: () => bridge.call(id, 'erase') as ReturnType<StoreFiles['erase']>,
  };
}

let tempDirs = 0;

const encode = (content: Uint8Array | string) =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;
const files = (operation: string, ...args: unknown[]) =>
  bridge.call(null, `files.${operation}`, ...args);

export const BROWSER_FILES: TestFiles = {
  makeTempDir: () => `/tmp/test-${++tempDirs}`,
  removeTree: (dir) => void bridge.call(null, 'removeTree', dir),
  // The pool and OPFS make a file's folders as needed.
  mkdir: () => {},
  exists: (path) => files('exists', path) as boolean,
  read: (path) => files('read', path) as Uint8Array,
  write: (path, content) => void files('write', path, encode(content)),
  append: (path, content) => void files('append', path, encode(content)),
  truncate: (path, length) => void files('truncate', path, length),
  size: (path) => files('size', path) as number,
  remove: (path) => void files('remove', path),
  copy: (from, to) => void files('copy', from, to),
  identity: (path) => files('identity', path) as string,
};

export const BROWSER_ADAPTER: SqliteAdapter = {
  name: 'sqlite-wasm (opfs-sahpool)',
  statementCacheSizeMax: STATEMENT_CACHE_SIZE_MAX,
  open: (path) => remoteDatabase(bridge.call(null, 'open', path) as number),
  openReadOnly: (path) => remoteDatabase(bridge.call(null, 'openReadOnly', path) as number),
  storeFiles: (path) => remoteStoreFiles(bridge.call(null, 'storeFiles', path) as HeldReference),
  backlogExporter: (path) => ({
    destination: path,
    write: (lines) => void bridge.call(null, 'exportBacklog', path, [...lines]),
  }),
  files: BROWSER_FILES,
};
