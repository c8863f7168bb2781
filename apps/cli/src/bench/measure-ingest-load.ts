import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@tabline/database';
import type { OrderPayload } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { benchDevices } from './bench-devices.ts';
import { runBenchChild } from './run-bench-child.ts';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import { startBenchServerProcess } from './bench-server-process.ts';
import type { BenchServerProcess } from './bench-server-process.ts';
import { startBenchSmsProvider } from './bench-sms-provider.ts';
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
  /** Resident memory of the server process (API and workers). */
  readonly serverMemory: ServerMemory;
}

export interface ServerMemory {
  /** Once it serves, before any device connects. */
  readonly startRssBytes: number;
  /** Its peak through the warm-up and the sustained run. */
  readonly sustainedPeakRssBytes: number;
  /** Its peak through the overload run as well: the whole benchmark. */
  readonly peakRssBytes: number;
}

/**
 * Sustained ingest from many devices at once, against the server as
 * production runs it: `tabline serve` in a process of its own, the API and
 * the workers (which process the orders and text their receipts, to a fake
 * Twilio, as they arrive) sharing a pool of 10 connections, with the
 * production limits (rate limits per device and address, load shedding), on
 * a fresh PostgreSQL database. First closed loop, one push in flight per
 * device: the server's capacity. Then an open loop at `overloadFactor` ×
 * that capacity: what the server sheds, what fails, and how long the pushes
 * it accepts take. The server's resident memory is read from the kernel
 * (its high-water mark) after each.
 */
export async function measureIngestLoad(
  adminUrl: string,
  workDir: string,
  options: IngestLoadOptions,
  log: (message: string) => void,
): Promise<IngestLoadResult> {
  const test = await createTestDatabase('postgres', { adminUrl });
  const sms = await startBenchSmsProvider('ok');
  try {
    const server = await startBenchServerProcess(test.url!, sms.fake, join(workDir, 'server'));
    try {
      return await runIngestLoad(test.database, server, workDir, options, log);
    } finally {
      log('ingest: stopping the server (the jobs in flight finish)');
      await server.stop();
    }
  } finally {
    await sms.fake.close();
    await test.dispose();
  }
}

async function runIngestLoad(
  db: Database,
  server: BenchServerProcess,
  workDir: string,
  options: IngestLoadOptions,
  log: (message: string) => void,
): Promise<IngestLoadResult> {
  const startRssBytes = server.memory().rssBytes;
  const fixture = await createEventFixture(db, {
    attendees: 50,
    offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
  });
  const base = {
    baseUrl: server.url,
    devices: await benchDevices(db, fixture, options.devices),
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
  const sustainedPeakRssBytes = server.memory().peakRssBytes;
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
  const serverMemory = {
    startRssBytes,
    sustainedPeakRssBytes,
    peakRssBytes: server.memory().peakRssBytes,
  };
  const payloads = readPayloads(payloadsFile);
  return { sustained, overload, offeredPushesPerSec, payloads, serverMemory };
}

async function runLoad(workDir: string, config: IngestLoadConfig): Promise<IngestLoadFigures> {
  const configFile = join(workDir, `ingest-load-${config.seed}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  return runBenchChild<IngestLoadFigures>('ingest load process', LOAD_PROCESS, [configFile]);
}

function readPayloads(file: string): OrderPayload[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OrderPayload);
}
