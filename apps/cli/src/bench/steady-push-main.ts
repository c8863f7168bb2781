/**
 * The POS devices of the processing benchmark's steady stream, in a process
 * of their own so that the server's event loop (in the bench's process)
 * carries the server alone: pushes of one order each (as a POS online
 * pushes soon after each order), on a fixed schedule spread over the
 * devices, each timed, with the time its answer arrived.
 *
 *   node steady-push-main.ts <config.json>
 *
 * Prints one JSON line: SteadyPush[].
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PUSH_PATH } from '@tabline/protocol';
import type { PushResponse } from '@tabline/protocol';
import type { LoadDevice } from './ingest-load-config.ts';
import { benchWorkItems } from './bench-work-items.ts';
import type { SteadyPush, SteadyPushConfig } from './steady-push-config.ts';

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as SteadyPushConfig;
const warmUpCount = Math.round(config.warmUpSeconds * config.pushesPerSec);
const count = warmUpCount + Math.round(config.seconds * config.pushesPerSec);
const bands = config.fixture.attendees.map((attendee) => attendee.wristbandUid);
const items = benchWorkItems(config.fixture, count, bands, config.seed);

const pushes: Promise<SteadyPush>[] = [];
const intervalMs = 1000 / config.pushesPerSec;
const started = performance.now();
for (let n = 0; n < count; n++) {
  const waitMs = started + n * intervalMs - performance.now();
  if (waitMs > 0) await sleep(waitMs);
  const device = config.devices[n % config.devices.length]!;
  // Each device numbers its own orders; the stream is spread over the devices.
  const item = { ...items[n]!, deviceSeq: Math.floor(n / config.devices.length) + 1 };
  pushes.push(pushOne(device, item, n < warmUpCount));
}
console.log(JSON.stringify(await Promise.all(pushes)));

async function pushOne(
  device: LoadDevice,
  item: (typeof items)[number],
  warmUp: boolean,
): Promise<SteadyPush> {
  const body = JSON.stringify({
    items: [item],
    heartbeat: {
      appVersion: 'bench',
      deviceTime: new Date().toISOString(),
      backlogCount: 1,
      amountAtRiskCents: item.payload.totalCents,
      oldestQueuedAgeMs: 0,
    },
  });
  const orderId = item.payload.orderId;
  const sent = performance.now();
  try {
    const response = await fetch(config.baseUrl + PUSH_PATH, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${device.token}`,
        'x-forwarded-for': device.address,
        'content-type': 'application/json',
      },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const text = await response.text();
    const latencyMs = performance.now() - sent;
    const kind =
      response.status === 200 ? acceptedOrRefused(text) : `${response.status} ${problemCode(text)}`;
    return { orderId, warmUp, kind, latencyMs, answeredAtMs: Date.now() };
  } catch (error) {
    const kind =
      error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network-error';
    return { orderId, warmUp, kind, latencyMs: performance.now() - sent, answeredAtMs: Date.now() };
  }
}

/** `200` when the order was accepted; a refused order is `refused <code>`. */
function acceptedOrRefused(text: string): string {
  const [result] = (JSON.parse(text) as PushResponse).results;
  return result?.outcome === 'rejected' ? `refused ${result.error.code}` : '200';
}

function problemCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : 'unknown';
  } catch {
    return 'unreadable';
  }
}
