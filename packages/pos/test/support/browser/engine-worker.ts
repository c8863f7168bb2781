/**
 * A POS engine as an app runs it: in a dedicated Worker, opened with
 * `openBrowserPosEngine`, the network edge scripted. Driven by
 * test/browser/worker-termination.test.ts, which terminates the Worker at
 * a moment of its choosing, as a closed tab or a killed browser would.
 *
 * Each run: open the store and report what the open found and what is
 * queued; pull the catalog if asked; push everything queued (the server
 * accepts it all), which compacts the journal; then place orders, one
 * wristband each, reporting each one as soon as `placeOrder` returns,
 * until told how many or terminated.
 */
import { openBrowserPosEngine } from '../../../src/browser/index.ts';
import type { BrowserStorageOptions } from '../../../src/browser/index.ts';
import { VIEW_ROWS_MAX } from '../../../src/index.ts';
import { LAGER, catalogPage } from '../catalog.ts';
import { ScriptedSyncTransport, acceptAll, pageAnswer } from '../scripted-sync-transport.ts';

export interface EngineWorkerRun {
  readonly path: string;
  readonly storage: BrowserStorageOptions;
  readonly pull: boolean;
  readonly orders: number;
  /** The first order's wristband number; each order has a band of its own (offline limits). */
  readonly firstBand: number;
}

export type EngineWorkerMessage =
  | {
      readonly type: 'opened';
      readonly outcome: string;
      readonly problems: readonly unknown[];
      readonly queued: readonly string[];
    }
  | { readonly type: 'synced'; readonly accepted: number; readonly remaining: number | null }
  | { readonly type: 'placed'; readonly orderId: string }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string };

/** Pushes one sync may need here: a run queues at most 1,000 orders, 100 a push. */
const PUSH_ANSWERS = 20;

self.onmessage = async (event: MessageEvent<EngineWorkerRun>) => {
  try {
    await run(event.data);
  } catch (error) {
    post({ type: 'failed', message: describe(error) });
  }
};

async function run({ path, storage, pull, orders, firstBand }: EngineWorkerRun): Promise<void> {
  const transport = new ScriptedSyncTransport();
  const engine = await openBrowserPosEngine(path, { ...storage, transport });
  const report = engine.openReport();
  post({
    type: 'opened',
    outcome: report.outcome,
    problems: report.problems,
    queued: engine.queue(VIEW_ROWS_MAX).flatMap((item) => item.orderId ?? []),
  });
  if (pull) {
    transport.answerPulls(pageAnswer(catalogPage()));
    const pulled = await engine.pull();
    if (pulled.error !== null) throw new Error(`the pull failed: ${pulled.error.message}`);
  }
  transport.answerPushes(...Array.from({ length: PUSH_ANSWERS }, () => acceptAll));
  const synced = await engine.sync();
  post({ type: 'synced', accepted: synced.accepted, remaining: synced.remaining });
  for (let index = 0; index < orders; index++) {
    const placed = engine.placeOrder({
      wristbandUid: `TL${firstBand + index}`,
      items: [{ productId: LAGER.id, quantity: 1 }],
    });
    if (!placed.ok) throw new Error(`order ${index} refused: ${placed.error.message}`);
    post({ type: 'placed', orderId: placed.value.id });
  }
  engine.close();
  post({ type: 'done' });
}

/** An error and its causes, which say why the storage could not be opened. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message} (${describe(error.cause)})`;
}

function post(message: EngineWorkerMessage): void {
  postMessage(message);
}
