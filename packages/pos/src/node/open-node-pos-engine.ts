import type { Clock, Random } from '@tabline/domain';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { migrateDatabase } from '../migrations/migrate-database.ts';
import type { PosEngineOptions } from '../pos-engine-options.ts';
import type { PosEngine } from '../pos-engine.ts';
import { createPosEngine } from '../pos-engine.ts';
import type { SyncTransport } from '../sync-transport.ts';
import type { NodeSqliteDatabaseOptions } from './node-sqlite-database.ts';
import { openNodeSqliteDatabase } from './node-sqlite-database.ts';

export interface NodePosEngineOptions
  extends
    Omit<PosEngineOptions, 'db' | 'clock' | 'random' | 'transport'>,
    NodeSqliteDatabaseOptions {
  readonly transport: SyncTransport;
  /** Defaults to the system clock; the simulator passes its own. */
  readonly clock?: Clock;
  /** Defaults to the platform's cryptographic randomness. */
  readonly random?: Random;
}

/**
 * A composition root for Node: opens (or creates) the database file at
 * `path`, brings its schema up to date and starts the engine on it.
 */
export function openNodePosEngine(path: string, options: NodePosEngineOptions): PosEngine {
  const { busyTimeoutMs, statementCacheSizeMax, clock, random, ...engineOptions } = options;
  const db = openNodeSqliteDatabase(path, {
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    ...(statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax }),
  });
  try {
    migrateDatabase(db);
    return createPosEngine({
      ...engineOptions,
      db,
      clock: clock ?? systemClock,
      random: random ?? cryptoRandom,
    });
  } catch (error) {
    db.close();
    throw error;
  }
}
