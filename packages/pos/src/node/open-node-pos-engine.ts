import type { Clock } from '@tabline/domain';
import { systemClock } from '@tabline/domain';
import type { OpenedStore } from '../open-pos-store.ts';
import { openPosStore } from '../open-pos-store.ts';
import type { PosEngine } from '../pos-engine.ts';
import { startPosEngine } from '../start-pos-engine.ts';
import type { StartPosEngineOptions } from '../start-pos-engine.ts';
import type { NodeSqliteDatabaseOptions } from './node-sqlite-database.ts';
import { createNodeStoreFiles } from './node-store-files.ts';

export interface NodePosEngineOptions extends StartPosEngineOptions, NodeSqliteDatabaseOptions {}

/**
 * Opens the store at `path` (the database, and its journal at
 * `path.journal`): checks it, recovers it if it is damaged, brings its
 * schema up to date. What it found is in the report.
 */
export function openNodePosStore(
  path: string,
  options: NodeSqliteDatabaseOptions & { readonly clock?: Clock } = {},
): OpenedStore {
  const { clock, ...sqliteOptions } = options;
  return openPosStore(createNodeStoreFiles(path, sqliteOptions), { clock: clock ?? systemClock });
}

/**
 * A composition root for Node: opens the store at `path` (see
 * `openNodePosStore`) and starts the engine on it. `engine.openReport()`
 * says what the open found and did, a recovery included.
 */
export function openNodePosEngine(path: string, options: NodePosEngineOptions): PosEngine {
  const { busyTimeoutMs, statementCacheSizeMax, ...engineOptions } = options;
  const store = openNodePosStore(path, {
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    ...(statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return startPosEngine(store, engineOptions);
}
