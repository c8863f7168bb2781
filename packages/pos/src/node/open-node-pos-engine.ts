import type { Clock, Random } from '@tabline/domain';
import { cryptoRandom, systemClock } from '@tabline/domain';
import type { OpenedStore } from '../open-pos-store.ts';
import { openPosStore } from '../open-pos-store.ts';
import type { PosEngineOptions } from '../pos-engine-options.ts';
import type { PosEngine } from '../pos-engine.ts';
import { createPosEngine } from '../pos-engine.ts';
import type { SyncTransport } from '../sync-transport.ts';
import type { NodeSqliteDatabaseOptions } from './node-sqlite-database.ts';
import { createNodeStoreFiles } from './node-store-files.ts';

export interface NodePosEngineOptions
  extends
    Omit<PosEngineOptions, 'store' | 'clock' | 'random' | 'transport'>,
    NodeSqliteDatabaseOptions {
  readonly transport: SyncTransport;
  /** Defaults to the system clock; the simulator passes its own. */
  readonly clock?: Clock;
  /** Defaults to the platform's cryptographic randomness. */
  readonly random?: Random;
}

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
  const { busyTimeoutMs, statementCacheSizeMax, clock, random, ...engineOptions } = options;
  const store = openNodePosStore(path, {
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    ...(statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax }),
    ...(clock === undefined ? {} : { clock }),
  });
  try {
    return createPosEngine({
      ...engineOptions,
      store,
      clock: clock ?? systemClock,
      random: random ?? cryptoRandom,
    });
  } catch (error) {
    store.db.close();
    store.journal.close();
    throw error;
  }
}
