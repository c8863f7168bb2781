/**
 * Run as a child process by crash.test.ts, on the store at argv[2], against
 * the server at argv[3] with the device token argv[4]:
 *
 * - `run <seed>`: says `running` first, opens the engine (printing what the
 *   open found), pulls the catalog if it has none, then forever places a
 *   burst of orders and syncs. Each order's id is written to stdout with a
 *   synchronous write right after placeOrder returned it, so the parent
 *   knows every order the engine confirmed before the SIGKILL it sends at a
 *   random moment.
 * - `drain`: opens the engine and syncs until the outbox is empty, then
 *   prints the last sync report and exits.
 *
 * Any refusal the engine should never give here exits non-zero with the
 * reason on stderr.
 */
import { writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import { createHttpSyncTransport } from '../../src/index.ts';
import type { PosEngine, SyncError } from '../../src/index.ts';
import { openNodePosEngine } from '../../src/node/index.ts';

/** The most sync rounds `drain` makes before it gives up. */
const DRAIN_ROUNDS_MAX = 100;
/** The most orders in one burst between two syncs. */
const BURST_ORDERS_MAX = 4;
/** The longest pause between rounds: a bar's pace, not a benchmark. */
const PAUSE_MS_MAX = 8;

const [path, baseUrl, deviceToken, mode, seedText] = process.argv.slice(2);
if (path === undefined || baseUrl === undefined || deviceToken === undefined) {
  throw new Error('usage: <db path> <server url> <device token> run <seed> | drain');
}

const say = (line: string) => writeSync(1, `${line}\n`);
const fail = (reason: string): never => {
  writeSync(2, `${reason}\n`);
  process.exit(3);
};

say('running');
const engine = openNodePosEngine(path, {
  transport: createHttpSyncTransport({ baseUrl, deviceToken }),
});
const { outcome, problems, journal } = engine.openReport();
say(`opened ${JSON.stringify({ outcome, problems, journal })}`);

if (mode === 'drain') await drain(engine);
else await run(engine, createSeededRandom(Number(seedText)));

async function run(engine: PosEngine, random: Random): Promise<never> {
  for (let round = 0; engine.deviceInfo() === null; round++) {
    const pulled = await engine.pull();
    if (pulled.error !== null && (round >= DRAIN_ROUNDS_MAX || !isTransient(pulled.error))) {
      fail(`pull failed: ${JSON.stringify(pulled.error)}`);
    }
  }
  const products = engine.menu().categories.flatMap((category) => category.products);
  const pick = (n: number) => Math.floor(random.next() * n);
  for (;;) {
    for (let burst = 1 + pick(BURST_ORDERS_MAX); burst > 0; burst--) {
      const placed = engine.placeOrder({
        wristbandUid: `CR${String(pick(10_000)).padStart(4, '0')}`,
        items: [{ productId: products[pick(products.length)]!.id, quantity: 1 + pick(3) }],
      });
      if (!placed.ok) fail(`placeOrder refused: ${JSON.stringify(placed.error)}`);
      else say(`placed ${placed.value.id}`);
    }
    const synced = await engine.sync();
    if (synced.error !== null && !isTransient(synced.error)) {
      fail(`sync failed: ${JSON.stringify(synced.error)}`);
    }
    await sleep(pick(PAUSE_MS_MAX));
  }
}

async function drain(engine: PosEngine): Promise<void> {
  for (let round = 0; round < DRAIN_ROUNDS_MAX; round++) {
    const report = await engine.sync();
    if (report.error !== null && !isTransient(report.error)) {
      fail(`sync failed: ${JSON.stringify(report.error)}`);
    }
    if (report.remaining === 0 && report.error === null) {
      say(`drained ${JSON.stringify(report)}`);
      engine.close();
      return;
    }
  }
  fail(`still ${engine.status().backlogCount} work items after ${DRAIN_ROUNDS_MAX} syncs`);
}

/**
 * A server busy with other lanes may time out or shed load: the work stays
 * queued and the next sync sends it again. Anything else here is a bug.
 */
function isTransient(error: SyncError): boolean {
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return (
    error.kind === 'http' &&
    (error.status === 409 || error.status === 429 || (error.status ?? 0) >= 500)
  );
}
