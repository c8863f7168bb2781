/**
 * The browser's counterpart of the SIGKILL tests (durability-sigkill.test.ts,
 * crash.test.ts): the engine runs as an app runs it, in a dedicated Worker
 * opened with `openBrowserPosEngine` (support/browser/engine-worker.ts),
 * and the page terminates that Worker while it places orders, at seeded
 * random moments: what a closed tab or a killed browser does, with no
 * chance to close or flush anything. Each time, a new Worker opens the
 * same store, and must find it sound (every check at open passes, the
 * journal agreeing) with every order `placeOrder` returned still queued,
 * then pushes them all, which compacts the journal, before taking more.
 *
 * Browser only: it needs Workers and OPFS (vitest.config.ts keeps the
 * test/browser folder out of the Node project). Each reopen waits a second
 * or two for the terminated Worker's file handles to be released. Replay
 * with TEST_SEED; TEST_WORKER_TERMINATIONS sets how many.
 */
import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import type { EngineWorkerMessage, EngineWorkerRun } from '../support/browser/engine-worker.ts';
import { testSetting } from '../support/test-env.ts';

const SEED = testSetting('TEST_SEED', 20261124);
const TERMINATIONS = testSetting('TEST_WORKER_TERMINATIONS', 5);
/** Orders the page waits for before it terminates the Worker, at most. */
const ORDERS_BEFORE_TERMINATION_MAX = 40;
/**
 * Orders a Worker is told to place: it goes on placing while the page
 * terminates it, a few hundred later; the next Worker pushes them all.
 */
const ORDERS_PER_WORKER = 1_000;

/** A Worker running the engine, and the messages it sent, awaited in order. */
function startEngineWorker(run: EngineWorkerRun) {
  const worker = new Worker(new URL('../support/browser/engine-worker.ts', import.meta.url), {
    type: 'module',
  });
  const received: EngineWorkerMessage[] = [];
  const waiting: (() => void)[] = [];
  worker.onmessage = (event: MessageEvent<EngineWorkerMessage>) => {
    received.push(event.data);
    waiting.splice(0).forEach((wake) => wake());
  };
  worker.postMessage(run);
  let read = 0;
  const next = async (): Promise<EngineWorkerMessage> => {
    while (read === received.length) await new Promise<void>((wake) => waiting.push(wake));
    const message = received[read++]!;
    if (message.type === 'failed')
      throw new Error(`the engine's Worker failed: ${message.message}`);
    return message;
  };
  return { next, terminate: () => worker.terminate() };
}

describe(`the engine's Worker terminated while it takes orders (seed ${SEED})`, () => {
  it(`keeps every order placeOrder returned through ${TERMINATIONS} terminations, and reopens sound each time`, async () => {
    const random = createSeededRandom(SEED);
    const id = crypto.randomUUID();
    const storage = { sqliteDirectory: `.kill-sqlite-${id}`, filesDirectory: `kill-files-${id}` };
    let returned: string[] = [];
    for (let round = 0; round <= TERMINATIONS; round++) {
      const last = round === TERMINATIONS;
      const worker = startEngineWorker({
        path: 'pos.db',
        storage,
        pull: round === 0,
        orders: last ? 0 : ORDERS_PER_WORKER,
        firstBand: 100_000 + round * 10_000,
      });
      const replay = `seed ${SEED}, round ${round}`;

      const opened = await worker.next();
      expect(opened, replay).toMatchObject({ type: 'opened', problems: [] });
      expect(opened.type === 'opened' && opened.queued, replay).toEqual(
        expect.arrayContaining(returned),
      );
      const synced = await worker.next();
      expect(synced, replay).toMatchObject({ type: 'synced', remaining: 0 });
      if (last) break;
      const placeBeforeTermination = 1 + Math.floor(random.next() * ORDERS_BEFORE_TERMINATION_MAX);
      returned = [];
      while (returned.length < placeBeforeTermination) {
        const placed = await worker.next();
        if (placed.type === 'placed') returned.push(placed.orderId);
      }
      worker.terminate();
    }
  }, 120_000);
});
