import type { Clock } from '@tabline/domain';
import { systemClock } from '@tabline/domain';
import type { OpenedStore } from '../open-pos-store.ts';
import { openPosStore } from '../open-pos-store.ts';
import type { PosEngine } from '../pos-engine.ts';
import { startPosEngine } from '../start-pos-engine.ts';
import type { StartPosEngineOptions } from '../start-pos-engine.ts';
import type { BrowserStoreFilesOptions } from './opfs-store-files.ts';
import { openBrowserStoreFiles } from './opfs-store-files.ts';

export interface BrowserPosEngineOptions extends StartPosEngineOptions, BrowserStoreFilesOptions {}

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
  const { statementCacheSizeMax, sqliteDirectory, filesDirectory, ...engineOptions } = options;
  const store = await openBrowserPosStore(path, {
    ...(statementCacheSizeMax === undefined ? {} : { statementCacheSizeMax }),
    ...(sqliteDirectory === undefined ? {} : { sqliteDirectory }),
    ...(filesDirectory === undefined ? {} : { filesDirectory }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return startPosEngine(store, engineOptions);
}
