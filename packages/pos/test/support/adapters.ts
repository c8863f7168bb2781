/**
 * The platforms the engine's suite runs against, kysely-style: every
 * behaviour test loops over this list. Each gives the SQLite adapter and the
 * store's files (database, journal, quarantine). The browser's SQLite WASM
 * and OPFS join it when they exist.
 */
import type { SqliteDatabase, StoreFiles } from '../../src/index.ts';
import { createNodeStoreFiles, openNodeSqliteDatabase } from '../../src/node/index.ts';

export interface SqliteAdapter {
  readonly name: string;
  /** Opens (or creates) the database file at `path`. */
  open(path: string): SqliteDatabase;
  /** The store's files for a database at `path`. */
  storeFiles(path: string): StoreFiles;
}

export const ADAPTERS: readonly SqliteAdapter[] = [
  {
    name: 'node:sqlite',
    open: (path) => openNodeSqliteDatabase(path),
    storeFiles: (path) => createNodeStoreFiles(path),
  },
];
