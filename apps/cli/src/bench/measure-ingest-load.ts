import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresDatabase } from '@tabline/database';
import type { OrderPayload } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import { benchDevices } from './bench-devices.ts';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import type { IngestLoadConfig, IngestLoadFigures } from './ingest-load-config.ts';

const LOAD_PROCESS = fileURLToPath(new URL('./ingest-load-main.ts', import.meta.url));

/** The size of the ingest benchmark; `tabline bench ingest --…` runs it smaller. */
export interface IngestLoadOptions {
  /** Simulated POS devices, each with its own token and address. */
  readonly devices: number;
  /** Orders per push: a device sending its backlog after an outage sends PUSH_ITEMS_MAX. */
  readonly batchItems: number;
  /** Length of the measured closed-loop run. */
  readonly sustainedSeconds: number;
  /** Length of the open-loop run at `overloadFactor` × the measured capacity. */
  readonly overloadSeconds: number;
  readonly overloadFactor: number;
}

export const INGEST_LOAD_DEFAULT: IngestLoadOptions = {
  devices: 50,
  batchItems: 100,
  sustainedSeconds: 20,
  overloadSeconds: 15,
  overloadFactor: 3,
};

/** Closed-loop run before the measured one, unmeasured: JIT, pools and caches warm up. */
const WARM_UP_SECONDS = 2;

/** As the POS: a push not answered in 5 s is given up (and retried later). */
const REQUEST_TIMEOUT_MS = 5_000;

export interface IngestLoadResult {
  readonly sustained: IngestLoadFigures;
  readonly overload: IngestLoadFigures;
  /** Pushes per second offered in the overload run. */
  readonly offeredPushesPerSec: number;
  /** The orders the sustained run stored, for the raw baseline. */
  readonly payloads: readonly OrderPayload[];
}

/**
 * Sustained ingest from many devices at once, against a server with its
 * production limits (rate limits per device and address, load shedding,
 * a pool of 10 connections) on a fresh PostgreSQL database, API only (no
 * workers: this is intake). First closed loop, one push in flight per
 * device: the server's capacity. Then an open loop at `overloadFactor` ×
 * that capacity: what the server sheds, what fails, and how long the pushes
 * it accepts take.
 */
export async function measureIngestLoad(
  adminUrl: string,
  workDir: string,
  options: IngestLoadOptions,
  log: (message: string) => void,
): Promise<IngestLoadResult> {
  const test = await createTestDatabase('postgres', { adminUrl });
  // The API's own pool, at the production size (the test database's is smaller).
  const serverDb = openPostgresDatabase(test.url!, { applicationName: 'tabline-bench-api' });
  const stack = await startTestStack(test, {
    workers: false,
    // Each device's requests carry its own X-Forwarded-For address.
    trustProxy: true,
    serverDatabase: serverDb,
    // The production limits ({} resolves to the defaults): the test stack's are off.
    server: { rateLimits: {}, loadShedding: {} },
  });
  try {
    const fixture = await createEventFixture(test.database, {
      attendees: 50,
      offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
    });
    const devices = await benchDevices(test.database, fixture, options.devices);
    const base = {
      baseUrl: stack.url,
      devices,
      bands: fixture.attendees.map((attendee) => attendee.wristbandUid),
      batchItems: options.batchItems,
      timeoutMs: REQUEST_TIMEOUT_MS,
      payloadsFile: null,
      pushesPerSec: 0,
    };
    const payloadsFile = join(workDir, 'ingest-payloads.jsonl');
    log(`ingest: warming up, ${options.devices} devices, ${WARM_UP_SECONDS} s`);
    await runLoad(workDir, {
      ...base,
      mode: 'closed',
      seconds: WARM_UP_SECONDS,
      seqStart: 1,
      seed: 1,
    });
    log(`ingest: closed loop, ${options.sustainedSeconds} s`);
    const sustained = await runLoad(workDir, {
      ...base,
      mode: 'closed',
      seconds: options.sustainedSeconds,
      seqStart: 1_000_000,
      seed: 2,
      payloadsFile,
    });
    const offeredPushesPerSec =
      (options.overloadFactor * sustained.acceptedPushes) / sustained.seconds;
    log(
      `ingest: open loop at ${offeredPushesPerSec.toFixed(1)} pushes/s, ${options.overloadSeconds} s`,
    );
    const overload = await runLoad(workDir, {
      ...base,
      mode: 'open',
      seconds: options.overloadSeconds,
      pushesPerSec: offeredPushesPerSec,
      seqStart: 2_000_000,
      seed: 3,
    });
    return { sustained, overload, offeredPushesPerSec, payloads: readPayloads(payloadsFile) };
  } finally {
    await stack.stop();
    await serverDb.close();
    await test.dispose();
  }
}

async function runLoad(workDir: string, config: IngestLoadConfig): Promise<IngestLoadFigures> {
  const configFile = join(workDir, `ingest-load-${config.seed}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(process.execPath, [LOAD_PROCESS, configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`ingest load process failed (${code}):\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as IngestLoadFigures;
}

function readPayloads(file: string): OrderPayload[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OrderPayload);
}
