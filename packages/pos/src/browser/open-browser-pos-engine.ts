import type { Clock, Random } from '@tabline/domain';
import { cryptoRandom, systemClock } from '@tabline/domain';
import type { OpenedStore } from '../open-pos-store.ts';
import { openPosStore } from '../open-pos-store.ts';
import type { PosEngineOptions } from '../pos-engine-options.ts';
import type { PosEngine } from '../pos-engine.ts';
import { createPosEngine } from '../pos-engine.ts';
import type { SyncTransport } from '../sync-transport.ts';
import type { BrowserStoreFilesOptions } from './opfs-store-files.ts';
import { openBrowserStoreFiles } from './opfs-store-files.ts';

export interface BrowserPosEngineOptions
  extends
    Omit<PosEngineOptions, 'store' | 'clock' | 'random' | 'transport'>,
    BrowserStoreFilesOptions {
  readonly transport: SyncTransport;
  /** Defaults to the system clock. */
  readonly clock?: Clock;
  /** Defaults to the platform's cryptographic randomness. */
  readonly random?: Random;
}

/**
 * Opens the store at `path` in the browser's storage (see
 * `openBrowserStoreFiles`): checks it, recovers it if it is damaged,
 * brings its schema up to date. Only preparing the files is asynchronous;
 * the checks run synchronously, like on Node.
 */
export async function openBrowserPosStore(
  path: string,
  options: BrowserStoreFilesOptions & { readonly clock?: Clock } = {},
): Promise<OpenedStore> {
  const { clock, ...filesOptions } = options;
  const files = await openBrowserStoreFiles(path, filesOptions);
  return openPosStore(files, { clock: clock ?? systemClock });
}

/**
 * A composition root for a browser's dedicated Worker, the counterpart of
 * `openNodePosEngine`: opens the store at `path` (`pos.db`; distinct paths
 * are distinct stores) and starts the engine on it. `engine.openReport()`
 * says what the open found and did. The Worker then owns the store: the
 * app talks to the engine through messages.
 */
export async function openBrowserPosEngine(
  path: string,
  options: BrowserPosEngineOptions,
): Promise<PosEngine> {
  const {
    statementCacheSizeMax,
    sqliteDirectory,
    filesDirectory,
    clock,
    random,
    ...engineOptions
  } = options;
  const store = await openBrowserPosStore(path, {
    ...(statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax }),
    ...(sqliteDirectory === undefined ? {} : { sqliteDirectory }),
    ...(filesDirectory === undefined ? {} : { filesDirectory }),
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
