/**
 * Run as a child process by durability-sigkill.test.ts: opens the POS database at
 * argv[2], places one order of the product argv[3], prints it, and kills
 * itself with SIGKILL, with no chance to close or flush anything.
 */
import { openNodePosEngine } from '../../src/node/index.ts';
import type { SyncTransport } from '../../src/index.ts';

const [path, productId] = process.argv.slice(2);
if (path === undefined || productId === undefined) throw new Error('usage: <db path> <product id>');

const offline: SyncTransport = {
  push: () => Promise.reject(new Error('this process never syncs')),
  pull: () => Promise.reject(new Error('this process never pulls')),
};
const engine = openNodePosEngine(path, { transport: offline });
const placed = engine.placeOrder({ wristbandUid: 'TL0042', items: [{ productId, quantity: 3 }] });
process.stdout.write(`${JSON.stringify(placed)}\n`, () => process.kill(process.pid, 'SIGKILL'));
