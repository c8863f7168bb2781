/**
 * The Worker behind the browser tests' synchronous bridge (`sync-bridge.ts`):
 * it holds the browser storage and the objects the page uses through the
 * bridge (connections, store files, journal files), all of them the
 * browser platform's real code (`src/browser/`), and answers one call at a
 * time. Each Worker has storage directories of its own, so the pages of
 * test files running side by side never share the pool, whose files a
 * Worker locks.
 */
import type {
  BrowserStorage,
  BrowserStorageOptions,
} from '../../../src/browser/browser-storage.ts';
import {
  openBrowserStorage,
  openFilesDirectory,
  reserveFreeFiles,
} from '../../../src/browser/browser-storage.ts';
import { concatenateBytes } from '../../../src/browser/concatenate-bytes.ts';
import {
  createOpfsBacklogExporter,
  openBrowserStoreFiles,
  openWasmSqliteDatabase,
  openWasmSqliteDatabaseReadOnly,
} from '../../../src/browser/index.ts';
import { releaseJournalSlots } from '../../../src/browser/opfs-journal-file.ts';
import { splitStorePath } from '../../../src/browser/store-path.ts';
import type { JournalFile, SqliteDatabase, StoreFiles } from '../../../src/index.ts';
import type { BridgeChannel } from './bridge-channel.ts';
import { STATE, attachBridgeChannel, receive, send } from './bridge-channel.ts';
import type { BridgeReply, RemoteError } from './sync-bridge.ts';
import { createWorkerFiles } from './worker-files.ts';

interface Request {
  readonly target: number | null;
  readonly method: string;
  readonly args: unknown[];
}

type Held =
  | { readonly kind: 'database'; readonly location: string; readonly value: SqliteDatabase }
  | { readonly kind: 'store files'; readonly location: string; readonly value: StoreFiles }
  | { readonly kind: 'journal'; readonly location: string; readonly value: JournalFile };

/** What a method of a held object returns that the page then holds too. */
const RETURNS_HELD: Readonly<Record<string, 'database' | 'journal'>> = {
  openDatabase: 'database',
  openDatabaseReadOnly: 'database',
  createRebuild: 'database',
  openJournal: 'journal',
};

/** Free files the pool keeps ahead of a test's own connections and copies. */
const TEST_FREE_FILES_MIN = 16;

const held = new Map<number, Held>();
let nextId = 1;

self.onmessage = async (event: MessageEvent<{ buffer: SharedArrayBuffer }>) => {
  const channel = attachBridgeChannel(event.data.buffer);
  const run = crypto.randomUUID();
  const options: BrowserStorageOptions = {
    sqliteDirectory: `.test-sqlite-${run}`,
    filesDirectory: `test-files-${run}`,
  };
  let storage: BrowserStorage;
  try {
    storage = await openBrowserStorage(options);
  } catch (error) {
    postMessage({ error: String(error) });
    return;
  }
  postMessage({ ready: true });
  const root = createRoot(storage, options);
  for (;;) {
    waitForRequest(channel);
    const request = receive(channel) as Request;
    send(channel, STATE.response, await answer(channel, root, request));
  }
};

/** Blocks this Worker (not the page) until the page writes a request. */
function waitForRequest(channel: BridgeChannel): void {
  for (;;) {
    const state = Atomics.load(channel.control, 0);
    if (state === STATE.request) return;
    Atomics.wait(channel.control, 0, state);
  }
}

type Root = Record<string, (...args: never[]) => unknown>;

function createRoot(storage: BrowserStorage, options: BrowserStorageOptions): Root {
  const files = createWorkerFiles(storage);
  const root: Root = {
    async open(path: string) {
      await reserveFreeFiles(storage, TEST_FREE_FILES_MIN);
      return hold({
        kind: 'database',
        location: path,
        value: openWasmSqliteDatabase(storage, path),
      });
    },
    openReadOnly(path: string) {
      const value = openWasmSqliteDatabaseReadOnly(storage, path);
      return hold({ kind: 'database', location: path, value });
    },
    async storeFiles(path: string) {
      await reserveFreeFiles(storage, TEST_FREE_FILES_MIN);
      const value = await openBrowserStoreFiles(path, options);
      return {
        id: hold({ kind: 'store files', location: value.location, value }),
        location: value.location,
      };
    },
    async exportBacklog(path: string, lines: string[]) {
      const exporter = await createOpfsBacklogExporter(path, options);
      try {
        exporter.write(lines);
      } finally {
        await exporter.discard();
      }
      return exporter.destination;
    },
    /** Closes what a test left open under `dir` and removes its files, as rm -r would. */
    async removeTree(dir: string) {
      await removeTree(storage, dir);
    },
  };
  for (const [name, operation] of Object.entries(files)) root[`files.${name}`] = operation;
  return root;
}

function hold(object: Held): number {
  const id = nextId++;
  held.set(id, object);
  return id;
}

async function answer(channel: BridgeChannel, root: Root, request: Request): Promise<BridgeReply> {
  try {
    const args = request.args.map((arg) => withCallbacks(channel, arg));
    if (request.target === null) {
      const operation = root[request.method];
      if (operation === undefined) throw new Error(`no such operation: ${request.method}`);
      return { value: await operation(...(args as never[])) };
    }
    return { value: callHeld(request.target, request.method, args) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function callHeld(id: number, method: string, args: unknown[]): unknown {
  const object = held.get(id);
  if (object === undefined) throw new Error(`object ${id} was closed`);
  const value = object.value as unknown as Record<string, (...args: unknown[]) => unknown>;
  const result = value[method]!(...args);
  if (method === 'close') held.delete(id);
  const returnsHeld = RETURNS_HELD[method];
  if (returnsHeld !== undefined) {
    const opened = result as SqliteDatabase | JournalFile;
    const location = 'location' in opened ? opened.location : object.location;
    const kept = { kind: returnsHeld, location: object.location, value: opened } as Held;
    return { id: hold(kept), location };
  }
  // A journal's content crosses whole: its chunks share one buffer.
  if (method === 'read') return concatenateBytes(result as Iterable<Uint8Array>);
  return result;
}

/** A `{ $callback }` argument becomes a function that runs the page's callback and waits for it. */
function withCallbacks(channel: BridgeChannel, arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null || !('$callback' in arg)) return arg;
  const callback = (arg as { $callback: number }).$callback;
  return (...args: unknown[]) => {
    send(channel, STATE.callback, { callback, args });
    while (Atomics.load(channel.control, 0) === STATE.callback) {
      Atomics.wait(channel.control, 0, STATE.callback);
    }
    const reply = receive(channel) as BridgeReply;
    if ('error' in reply) throw new Error(reply.error.message);
    return reply.value;
  };
}

function describeError(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { resultCode, code } = error as { resultCode?: unknown; code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof resultCode === 'number' ? { resultCode } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

async function removeTree(storage: BrowserStorage, dir: string): Promise<void> {
  const prefix = `${dir}/`;
  for (const [id, object] of held) {
    if (!object.location.startsWith(prefix)) continue;
    held.delete(id);
    if (object.kind === 'store files') continue;
    try {
      object.value.close();
    } catch {
      // Whatever a failed test left behind: the files go next anyway.
    }
  }
  for (const path of [...storage.journals.keys()]) {
    if (path.startsWith(prefix)) releaseJournalSlots(storage, path);
  }
  for (const name of storage.pool.getFileNames()) {
    if (name.startsWith(prefix)) storage.pool.unlink(name);
  }
  const [directories, name] = splitStorePath(dir);
  const parent = await openFilesDirectory(storage, directories);
  await parent.removeEntry(name, { recursive: true }).catch((error: unknown) => {
    if ((error as Error).name !== 'NotFoundError') throw error;
  });
}
