/**
 * The simulated POS devices of the ingest benchmark, in a process of their
 * own, beside the server's (`tabline serve`) and the bench's. Each device pulls nothing and stores nothing: it sends
 * pushes shaped as the POS sends them (a batch of `order.place` work items
 * priced from the pulled catalog, with the device's heartbeat, over HTTP
 * with its own bearer token) and times the answers.
 *
 *   node ingest-load-main.ts <config.json>
 *
 * Prints one JSON line: IngestLoadFigures.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import { PULL_PATH, PUSH_PATH } from '@tabline/protocol';
import type { OrderPayload, PlaceOrderWorkItem, PullResponse } from '@tabline/protocol';
import type { IngestLoadConfig, IngestLoadFigures, LoadDevice } from './ingest-load-config.ts';
import { percentile } from './percentile.ts';

interface Catalog {
  readonly products: PullResponse['products'];
  readonly currency: string;
  readonly locationId: string | null;
  readonly catalogVersion: number;
}

interface SimulatedDevice extends LoadDevice {
  nextSeq: number;
}

interface Answer {
  /** `200`, `429 server.overloaded`, `timeout`, … */
  readonly kind: string;
  readonly latencyMs: number;
  readonly payloads: readonly OrderPayload[];
  /** From a refusal's Retry-After. */
  readonly retryAfterMs: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as IngestLoadConfig;
const catalog = await pullCatalog(config.devices[0]!);
const random = createSeededRandom(config.seed);
const devices: SimulatedDevice[] = config.devices.map((device) => ({
  ...device,
  nextSeq: config.seqStart,
}));

const answers: Answer[] = [];
const started = performance.now();
if (config.mode === 'closed') await runClosed();
else await runOpen();
const seconds = (performance.now() - started) / 1000;
if (config.payloadsFile) writePayloads(config.payloadsFile);
console.log(JSON.stringify(figures(seconds)));

/**
 * One push in flight per device, back to back, until time is up; a refused
 * push waits its Retry-After first, as the POS does.
 */
async function runClosed() {
  const endAt = started + config.seconds * 1000;
  await Promise.all(
    devices.map(async (device) => {
      while (performance.now() < endAt) {
        const answer = await pushOnce(device);
        answers.push(answer);
        if (answer.retryAfterMs > 0) await sleep(answer.retryAfterMs);
      }
    }),
  );
}

/** Pushes start on a fixed schedule, whatever the answers: an open-loop arrival rate. */
async function runOpen() {
  const intervalMs = 1000 / config.pushesPerSec;
  const count = Math.floor(config.seconds * config.pushesPerSec);
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < count; n++) {
    const waitMs = started + n * intervalMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    const device = devices[n % devices.length]!;
    inFlight.push(pushOnce(device).then((answer) => void answers.push(answer)));
  }
  await Promise.all(inFlight);
}

async function pushOnce(device: SimulatedDevice): Promise<Answer> {
  const items = Array.from({ length: config.batchItems }, () => workItem(device, random));
  const body = JSON.stringify({
    items,
    heartbeat: {
      appVersion: 'bench',
      deviceTime: new Date().toISOString(),
      backlogCount: items.length,
      amountAtRiskCents: items.reduce((sum, item) => sum + item.payload.totalCents, 0),
      oldestQueuedAgeMs: 0,
    },
  });
  const sent = performance.now();
  try {
    const response = await fetch(config.baseUrl + PUSH_PATH, {
      method: 'POST',
      headers: headers(device, true),
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const text = await response.text();
    const latencyMs = performance.now() - sent;
    if (response.status === 200) {
      const payloads = items.map((item) => item.payload);
      return { kind: '200', latencyMs, payloads, retryAfterMs: 0 };
    }
    return {
      kind: `${response.status} ${problemCode(text)}`,
      latencyMs,
      payloads: [],
      retryAfterMs: 1000 * Number(response.headers.get('retry-after') ?? 0),
    };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const kind = timedOut ? 'timeout' : 'network-error';
    return { kind, latencyMs: performance.now() - sent, payloads: [], retryAfterMs: 0 };
  }
}

/** An order of one to three lines from the menu, priced as the POS prices it (no promotions). */
function workItem(device: SimulatedDevice, random: Random): PlaceOrderWorkItem {
  const lines = 1 + Math.floor(random.next() * 3);
  const items = Array.from({ length: lines }, () => {
    const product = catalog.products[Math.floor(random.next() * catalog.products.length)]!;
    return {
      productId: product.id,
      productName: product.name,
      unitPriceCents: product.priceCents,
      quantity: 1 + Math.floor(random.next() * 2),
      categoryId: product.categoryId,
      discountCents: 0,
      promotionIds: [],
    };
  });
  return {
    kind: 'order.place',
    idempotencyKey: randomUUID(),
    deviceSeq: device.nextSeq++,
    payload: {
      orderId: randomUUID(),
      wristbandUid: config.bands[Math.floor(random.next() * config.bands.length)]!,
      locationId: catalog.locationId,
      currency: catalog.currency,
      items,
      totalCents: items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0),
      placedAt: new Date().toISOString(),
      catalogVersion: catalog.catalogVersion,
    },
  };
}

async function pullCatalog(device: LoadDevice): Promise<Catalog> {
  const response = await fetch(config.baseUrl + PULL_PATH, { headers: headers(device, false) });
  if (response.status !== 200) throw new Error(`pull failed: HTTP ${response.status}`);
  const page = (await response.json()) as PullResponse;
  return {
    products: page.products.filter((product) => product.active),
    currency: page.event.currency,
    locationId: page.device.locationId,
    catalogVersion: Number(page.cursor),
  };
}

function headers(device: LoadDevice, json: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${device.token}`,
    'x-forwarded-for': device.address,
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

function problemCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : 'unknown';
  } catch {
    return 'unreadable';
  }
}

function writePayloads(file: string) {
  const lines = answers.flatMap((answer) => answer.payloads.map((p) => JSON.stringify(p)));
  writeFileSync(file, lines.join('\n') + '\n');
}

function figures(elapsedSeconds: number): IngestLoadFigures {
  const accepted = answers.filter((answer) => answer.kind === '200');
  const latencies = accepted.map((answer) => answer.latencyMs);
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.kind] = (counts[answer.kind] ?? 0) + 1;
  return {
    seconds: elapsedSeconds,
    pushes: answers.length,
    acceptedPushes: accepted.length,
    acceptedOrders: accepted.reduce((sum, answer) => sum + answer.payloads.length, 0),
    acceptedP50Ms: percentile(latencies, 50),
    acceptedP99Ms: percentile(latencies, 99),
    acceptedMaxMs: percentile(latencies, 100),
    answers: counts,
  };
}
