/**
 * One simulated POS device: a process of its own, driving the real POS
 * engine on its own SQLite file, as a tablet at a bar would. It places its
 * share of the event's orders at a seeded random pace (Poisson arrivals),
 * for random attendees, now and then for a lost band (which it must refuse),
 * while the engine's own sync loop pushes them through the device's fault
 * proxy. The simulator kills it at random and starts it again: each life
 * reads the history to carry on where the last one stopped.
 *
 *   node sim-device-main.ts <device.json>
 *
 * It records what it told its user in its history (see sim-device-files.ts)
 * and rewrites its status file every STATUS_INTERVAL_MS. SIGTERM closes the
 * engine and exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { appendFileSync, readFileSync } from 'node:fs';
import { createSeededRandom } from '@tabline/domain';
import type { Clock, Random } from '@tabline/domain';
import { VIEW_ROWS_MAX, createHttpSyncTransport } from '@tabline/pos';
import type { PosEngine } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import type { SimDeviceConfig, SimDeviceStatus, SimHistoryLine } from './sim-device-files.ts';
import { historyFile, readHistory, storeFile, writeStatus } from './sim-device-files.ts';

const STATUS_INTERVAL_MS = 250;
/** Pulls for changes (blocked bands, prices) this often, as the app would. */
const PULL_INTERVAL_MS = 10_000;
/** The sync loop's timer: a heartbeat and a push of anything left, this often. */
const SYNC_INTERVAL_MS = 2_000;
/** One order in this many is for a lost band. */
const BLOCKED_BAND_ONE_IN = 100;
/** A push or pull that has not answered in this long is abandoned (and retried). */
const REQUEST_TIMEOUT_MS = 5_000;

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SimDeviceConfig;
const history = readHistory(config.dir);
const life = history.filter((line) => line.t === 'life').length + 1;
let attempted = history.filter((line) => line.t === 'invoke').length;
const random = createSeededRandom((config.seed * 7_919 + config.index * 104_729 + life) >>> 0);
const clock: Clock = { now: () => Date.now() + config.clockSkewMs };

const engine = openNodePosEngine(storeFile(config.dir), {
  transport: createHttpSyncTransport({
    baseUrl: config.baseUrl,
    deviceToken: config.deviceToken,
    timeoutMs: REQUEST_TIMEOUT_MS,
    clock,
  }),
  clock,
  autoSync: { intervalMs: SYNC_INTERVAL_MS },
  appVersion: 'sim',
  ...(config.deferCommitMs === null ? {} : { faults: { deferCommitMs: config.deferCommitMs } }),
});
const report = engine.openReport();
record({
  t: 'life',
  life,
  outcome: report.outcome,
  salvaged: report.recovery?.restored.queuedOnlyFromJournal ?? 0,
  problems: report.problems.length,
});

let stopping = false;
/** The last rejected items read, and their count then. */
let rejected: { count: number; items: SimDeviceStatus['rejected'] } = { count: 0, items: [] };
const timers = [
  setInterval(writeDeviceStatus, STATUS_INTERVAL_MS),
  setInterval(() => void engine.pull().catch(() => {}), PULL_INTERVAL_MS),
];
process.on('SIGTERM', () => {
  stopping = true;
  for (const timer of timers) clearInterval(timer);
  writeDeviceStatus();
  engine.close();
  process.exit(0);
});

await pullCatalog(engine);
while (!stopping && attempted < config.orders) {
  await sleep(nextArrivalMs(random));
  if (stopping) break;
  placeOne();
}
writeDeviceStatus();

function placeOne() {
  const n = attempted++;
  record({ t: 'invoke', n });
  const placed = engine.placeOrder({
    wristbandUid:
      random.next() * BLOCKED_BAND_ONE_IN < 1 ? config.blockedBand : pick(random, config.bands),
    items: orderLines(random),
  });
  record(
    placed.ok
      ? { t: 'ok', n, id: placed.value.id, totalCents: placed.value.totalCents }
      : { t: 'fail', n, code: placed.error.code },
  );
}

function orderLines(random: Random) {
  const lines = 1 + Math.floor(random.next() * 3);
  const products = new Set<string>();
  while (products.size < lines) products.add(pick(random, config.productIds));
  return [...products].map((productId) => ({
    productId,
    quantity: 1 + Math.floor(random.next() * 3),
  }));
}

/** Until the menu is here the device cannot sell: pull until a pull succeeds. */
async function pullCatalog(engine: PosEngine) {
  while (!stopping && engine.deviceInfo() === null) {
    const pulled = await engine.pull().catch(() => null);
    if (pulled && !pulled.error) return;
    await sleep(500);
  }
}

function writeDeviceStatus() {
  const status = engine.status();
  writeStatus(config.dir, {
    life,
    attempted,
    backlog: status.backlogCount,
    rejectedCount: status.rejectedCount,
    rejected: rejectedItems(status.rejectedCount),
    lastError: status.lastError?.message ?? null,
    done: attempted >= config.orders,
    at: Date.now(),
  });
}

/** The rejected items (see `rejected` above), read again only when their count changed. */
function rejectedItems(count: number): SimDeviceStatus['rejected'] {
  if (count !== rejected.count) {
    const items = engine
      .rejectedItems(VIEW_ROWS_MAX)
      .map((item) => ({ orderId: item.orderId, code: item.code }));
    rejected = { count, items };
  }
  return rejected.items;
}

function record(line: SimHistoryLine) {
  appendFileSync(historyFile(config.dir), JSON.stringify(line) + '\n');
}

function nextArrivalMs(random: Random): number {
  const meanMs = 1000 / config.ordersPerSecond;
  return -Math.log(1 - random.next()) * meanMs;
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random.next() * values.length)]!;
}
