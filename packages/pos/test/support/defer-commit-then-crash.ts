/**
 * Run as a child process by fault-defer-commit.test.ts: opens the POS
 * database at argv[2] with the deferred-commit fault at argv[4] ms (or
 * `off`), places two orders of the product argv[3], lets the deferred
 * commit run, places two more, and kills itself with SIGKILL, with no
 * chance to close or flush anything.
 *
 * It prints `placed <id>` for each order placeOrder returned, with a
 * synchronous write right after it returned, and `committed` once the
 * deferred commit ran. Its timers are moved by hand (`createManualTime`), so
 * the commit happens exactly there, and never later.
 */
import { writeSync } from 'node:fs';
import type { SyncTransport } from '../../src/index.ts';
import { openNodePosEngine } from '../../src/node/index.ts';
import { createManualTime } from './manual-time.ts';

const [path, productId, deferCommitMsText] = process.argv.slice(2);
if (path === undefined || productId === undefined || deferCommitMsText === undefined) {
  throw new Error('usage: <db path> <product id> <defer commit ms | off>');
}
const deferCommitMs = deferCommitMsText === 'off' ? null : Number(deferCommitMsText);

const say = (line: string) => writeSync(1, `${line}\n`);
const offline: SyncTransport = {
  push: () => Promise.reject(new Error('this process never syncs')),
  pull: () => Promise.reject(new Error('this process never pulls')),
};
const time = createManualTime();
const engine = openNodePosEngine(path, {
  transport: offline,
  scheduler: time.scheduler,
  ...(deferCommitMs === null ? {} : { faults: { deferCommitMs } }),
});
const place = () => {
  const placed = engine.placeOrder({ wristbandUid: 'TL0042', items: [{ productId, quantity: 1 }] });
  if (!placed.ok) throw new Error(`placeOrder refused: ${JSON.stringify(placed.error)}`);
  say(`placed ${placed.value.id}`);
};

place();
place();
await time.advance(deferCommitMs ?? 0);
say('committed');
place();
place();
process.kill(process.pid, 'SIGKILL');
