/**
 * The POS engine's home in the browser: a dedicated Web Worker that opens
 * the store (SQLite WASM on OPFS, checked and recovered at open) and answers
 * the page's calls. See `engine-protocol.ts`.
 *
 * Besides the calls, the worker keeps the page's view fresh: a status after
 * every engine event and every second (ages tick), and a catalog pull at
 * open when the POS has no menu, every PULL_INTERVAL_MS, and on coming back
 * online, so a band blocked on the dashboard reaches the counter soon.
 */
import { createHttpSyncTransport } from '@tabline/pos';
import type { PosEngine } from '@tabline/pos';
import { openBrowserPosEngine } from '@tabline/pos/browser';
import { ENGINE_METHODS } from './engine-protocol.ts';
import type { EngineCall, OpenEngine, PageMessage, WorkerMessage } from './engine-protocol.ts';

/** How often the menu, promotions and wristband list are pulled while online. */
export const PULL_INTERVAL_MS = 60_000;

/** How often the status is posted when nothing happens, so ages on screen tick. */
const STATUS_INTERVAL_MS = 1_000;

const post = (message: WorkerMessage) => self.postMessage(message);

let engine: PosEngine | null = null;

self.addEventListener('message', (event: MessageEvent<PageMessage>) => {
  const message = event.data;
  if (message.type === 'open') void open(message);
  else void answer(message);
});

async function open(request: OpenEngine) {
  let opened: PosEngine;
  try {
    const transport = createHttpSyncTransport({
      baseUrl: request.baseUrl,
      deviceToken: request.deviceToken,
    });
    opened = await openBrowserPosEngine(request.storeName, { transport, autoSync: true });
  } catch (error) {
    post({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  engine = opened;
  opened.setOnline(request.online);
  opened.subscribe((event) => {
    post({ type: 'event', event });
    postStatus();
    if (event.type === 'state-changed' && event.previous === 'offline') void pullQuietly();
  });
  post({ type: 'opened', report: opened.openReport() });
  postStatus();
  setInterval(postStatus, STATUS_INTERVAL_MS);
  setInterval(() => void pullQuietly(), PULL_INTERVAL_MS);
  if (opened.deviceInfo() === null) await pullQuietly();
}

/** A failed pull leaves the menu as it was; the next one tries again. */
async function pullQuietly() {
  if (engine === null) return;
  await engine.pull();
  post({ type: 'pulled' });
  postStatus();
}

function postStatus() {
  try {
    if (engine !== null) post({ type: 'status', status: engine.status() });
  } catch {
    // The engine closed (signed out): nothing left to report.
  }
}

async function answer(call: EngineCall) {
  try {
    if (engine === null) throw new Error('the engine is not open');
    if (!ENGINE_METHODS.includes(call.method)) throw new Error(`no method ${call.method}`);
    const method = engine[call.method].bind(engine) as (...args: unknown[]) => unknown;
    const value = await method(...call.args);
    post({ type: 'reply', id: call.id, ok: true, value });
    if (call.method === 'pull') post({ type: 'pulled' });
    postStatus();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'reply', id: call.id, ok: false, message });
  }
}
