/**
 * The POS engine's browser entry, for a dedicated Web Worker: SQLite WASM
 * on the `opfs-sahpool` VFS, the store's journal and backlog exports on
 * OPFS, and a ready-made engine. Nothing here works outside a dedicated
 * Worker (OPFS sync access handles exist only there), and nothing imports
 * a Node built-in.
 */
export {
  FILES_DIRECTORY_DEFAULT,
  SQLITE_DIRECTORY_DEFAULT,
  SQLITE_VFS_NAME,
  openBrowserStorage,
  resolveBrowserStorageOptions,
} from './browser-storage.ts';
export type { BrowserStorage, BrowserStorageOptions } from './browser-storage.ts';
export { openBrowserPosEngine, openBrowserPosStore } from './open-browser-pos-engine.ts';
export type { BrowserPosEngineOptions } from './open-browser-pos-engine.ts';
export { EXPORT_WRITE_BYTES, createOpfsBacklogExporter } from './opfs-backlog-exporter.ts';
export type { OpfsBacklogExporter } from './opfs-backlog-exporter.ts';
export { JOURNAL_SUFFIX } from './opfs-journal-file.ts';
export {
  RECOVERY_REPORT_FILE,
  STORE_FREE_FILES_MIN,
  openBrowserStoreFiles,
} from './opfs-store-files.ts';
export type { BrowserStoreFilesOptions } from './opfs-store-files.ts';
export {
  QUARANTINE_INFIX,
  listQuarantineArchives,
  listQuarantinedFiles,
  readQuarantinedFile,
} from './quarantine-archive.ts';
export { STORE_PATH_LENGTH_MAX, normaliseStorePath } from './store-path.ts';
export { STORAGE_FAILURE_DOM_ERRORS } from './translate-opfs-errors.ts';
export { LOCKED_FILE_ATTEMPTS_MAX, LOCKED_FILE_RETRY_MS } from './wait-for-unlocked-files.ts';
export {
  STATEMENT_CACHE_SIZE_MAX,
  openWasmSqliteDatabase,
  openWasmSqliteDatabaseReadOnly,
} from './wasm-sqlite-database.ts';
export type { WasmSqliteDatabaseOptions } from './wasm-sqlite-database.ts';
