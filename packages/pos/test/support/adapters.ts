/**
 * The SQLite adapters the engine's suite runs against, kysely-style: every
 * behaviour test loops over this list. The browser's SQLite WASM adapter
 * joins it when it exists.
 */
import type { SqliteDatabase } from '../../src/index.ts';
import { openNodeSqliteDatabase } from '../../src/node/index.ts';

export interface SqliteAdapter {
  readonly name: string;
  /** Opens (or creates) the database file at `path`. */
  open(path: string): SqliteDatabase;
}

export const ADAPTERS: readonly SqliteAdapter[] = [
  { name: 'node:sqlite', open: (path) => openNodeSqliteDatabase(path) },
];
