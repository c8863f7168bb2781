/**
 * Run as a child process by durability-sigkill.test.ts: opens the POS database at
 * argv[2], voids the order argv[3] with the approval of the manager argv[4]
 * and their PIN argv[5] (or a wrong one), prints the result, and kills
 * itself with SIGKILL, with no chance to close or flush anything.
 */
import { openNodePosEngine } from '../../src/node/index.ts';
import type { SyncTransport } from '../../src/index.ts';

const [path, orderId, staffUserId, pin] = process.argv.slice(2);
if (path === undefined || orderId === undefined || staffUserId === undefined || pin === undefined) {
  throw new Error('usage: <db path> <order id> <manager id> <pin>');
}

const offline: SyncTransport = {
  push: () => Promise.reject(new Error('this process never syncs')),
  pull: () => Promise.reject(new Error('this process never pulls')),
};
const engine = openNodePosEngine(path, { transport: offline });
const voided = await engine.adjustOrder({
  orderId,
  kind: 'void',
  reason: 'Rung up twice',
  approver: { staffUserId, pin },
});
process.stdout.write(`${JSON.stringify(voided)}\n`, () => process.kill(process.pid, 'SIGKILL'));
