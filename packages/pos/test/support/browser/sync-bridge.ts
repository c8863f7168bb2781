/**
 * The test page's side of a synchronous bridge to the Worker that holds the
 * browser's storage (`store-worker.ts`). Vitest runs browser tests in a
 * page, where OPFS sync access handles do not exist (Chromium gives them
 * to dedicated Workers only), so the browser adapter's real code runs in a
 * Worker, and the engine under test, in the page, calls it through this
 * bridge as if it were local and synchronous: a call writes its request to
 * shared memory and spins until the Worker has answered. The page's main
 * thread may not block in `Atomics.wait`, hence the spin; calls are short.
 *
 * While it answers, the Worker may call a function the page passed (the
 * quarantine's `describe`): the page runs it and hands back its result.
 */
import { FileStorageError, SqliteError } from '../../../src/index.ts';
import type { BridgeChannel } from './bridge-channel.ts';
import { STATE, createBridgeChannel, receive, send } from './bridge-channel.ts';

export interface RemoteError {
  readonly name: string;
  readonly message: string;
  readonly resultCode?: number;
  readonly code?: string;
}

export type BridgeReply = { readonly value?: unknown } | { readonly error: RemoteError };

/**
 * How long a call may wait for the Worker. The page spins, so nothing else
 * (not even Vitest's test time-out) runs meanwhile: a Worker that died
 * would otherwise freeze the page for good.
 */
export const BRIDGE_CALL_TIMEOUT_MS = 60_000;

export interface SyncBridge {
  /** Calls `method` of the Worker's object `target` (null: the Worker's root). */
  call(target: number | null, method: string, ...args: unknown[]): unknown;
}

/** Starts the Worker and waits until its storage is open. */
export async function startSyncBridge(worker: Worker): Promise<SyncBridge> {
  const channel = createBridgeChannel();
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ready?: true; error?: string }>) => {
      if (event.data.ready === true) resolve();
      else reject(new Error(`the storage Worker failed to start: ${event.data.error}`));
    };
    worker.onerror = (event) => reject(new Error(`the storage Worker failed: ${event.message}`));
  });
  worker.postMessage({ buffer: channel.buffer });
  await ready;
  let broken: Error | null = null;
  return {
    call: (target, method, ...args) => {
      if (broken !== null) throw broken;
      try {
        return call(channel, target, method, args);
      } catch (error) {
        if (error instanceof BridgeTimeout) broken = error;
        throw error;
      }
    },
  };
}

class BridgeTimeout extends Error {}

function call(channel: BridgeChannel, target: number | null, method: string, args: unknown[]) {
  if (Atomics.load(channel.control, 0) !== STATE.idle) {
    throw new Error('the storage bridge is busy: a callback called back into it');
  }
  const callbacks: ((...args: unknown[]) => unknown)[] = [];
  const encodedArgs = args.map((arg) =>
    typeof arg === 'function'
      ? { $callback: callbacks.push(arg as (...args: unknown[]) => unknown) - 1 }
      : arg,
  );
  send(channel, STATE.request, { target, method, args: encodedArgs });
  const deadline = performance.now() + BRIDGE_CALL_TIMEOUT_MS;
  for (let spins = 0; ; spins++) {
    const state = Atomics.load(channel.control, 0);
    if (state === STATE.response) break;
    if (state === STATE.callback) answerCallback(channel, callbacks);
    if (spins % 4096 === 0 && performance.now() > deadline) {
      throw new BridgeTimeout(
        `the storage Worker did not answer ${method} within ${BRIDGE_CALL_TIMEOUT_MS / 1000} s`,
      );
    }
  }
  const reply = receive(channel) as BridgeReply;
  Atomics.store(channel.control, 0, STATE.idle);
  if ('error' in reply) throw rebuildError(reply.error);
  return reply.value;
}

function answerCallback(
  channel: BridgeChannel,
  callbacks: readonly ((...args: unknown[]) => unknown)[],
): void {
  const { callback, args } = receive(channel) as { callback: number; args: unknown[] };
  let reply: BridgeReply;
  try {
    reply = { value: callbacks[callback]!(...args) };
  } catch (error) {
    reply = { error: { name: 'Error', message: String(error) } };
  }
  send(channel, STATE.callbackResult, reply);
}

/** The error the Worker threw, as the same class here, so the engine classifies it alike. */
export function rebuildError(error: RemoteError): Error {
  if (error.name === 'SqliteError') return new SqliteError(error.message, error.resultCode!);
  if (error.name === 'FileStorageError') return new FileStorageError(error.message, error.code!);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
