import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@tabline/database';
import { orderReference } from '@tabline/domain';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { benchDevices } from './bench-devices.ts';
import { runBenchChild } from './run-bench-child.ts';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import { startBenchServer } from './bench-server.ts';
import { startBenchSmsProvider } from './bench-sms-provider.ts';
import type { BenchSmsMode } from './bench-sms-provider.ts';
import type { SteadyPush, SteadyPushConfig } from './steady-push-config.ts';

const PUSH_PROCESS = fileURLToPath(new URL('./steady-push-main.ts', import.meta.url));

/** The steady stream: its rate, length and spread. */
export interface SteadyStreamOptions {
  readonly pushesPerSec: number;
  readonly warmUpSeconds: number;
  readonly seconds: number;
  readonly devices: number;
  /** Attendees with a phone, so every order has a receipt. */
  readonly attendees: number;
}

export interface SteadyStreamResult {
  readonly mode: BenchSmsMode;
  /** Latency of each push accepted after the warm-up. */
  readonly pushLatenciesMs: readonly number[];
  /** Pushes after the warm-up answered otherwise (shed, refused, timed out), by answer. */
  readonly failures: Readonly<Record<string, number>>;
  /** From each measured push's answer to the fake's acceptance of its order's receipt (`ok` only). */
  readonly smsLatenciesMs: readonly number[];
  /** Measured orders whose receipt the fake had not accepted RECEIPT_WAIT_MS after the stream (`ok` only). */
  readonly smsMissing: number;
  /** The receipts by state when the stream (and the wait for its receipts) ended. */
  readonly smsStates: Readonly<Record<string, number>>;
}

/** As the POS: a push not answered in 5 s is given up. */
const PUSH_TIMEOUT_MS = 5_000;

/** How long after the stream the receipts of its last orders are waited for. */
const RECEIPT_WAIT_MS = 20_000;

/** The order reference in a receipt's text ("… Ref 1A2B3C4D. Reply STOP …"). */
const REFERENCE = /\bRef ([0-9A-F]{8})\./;

/**
 * A steady stream of one-order pushes from many devices into a fresh server
 * with its workers running, the SMS provider healthy or hanging, on a fresh
 * PostgreSQL database: how long each push takes, and (healthy) how long
 * after its answer the provider accepts the order's receipt. The devices
 * run in a second process; the fake Twilio runs here, beside the server,
 * and says when it accepts each message.
 */
export async function measureSteadyStream(
  adminUrl: string,
  workDir: string,
  mode: BenchSmsMode,
  options: SteadyStreamOptions,
  seed: number,
): Promise<SteadyStreamResult> {
  const test = await createTestDatabase('postgres', { adminUrl });
  const sms = await startBenchSmsProvider(mode);
  try {
    const server = await startBenchServer(test);
    try {
      await server.startWorkers(sms.provider);
      const fixture = await createEventFixture(test.database, {
        attendees: options.attendees,
        offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
      });
      const devices = await benchDevices(test.database, fixture, options.devices);
      const acceptedAtMs = recordAcceptances(sms.fake);
      const pushes = await runSteadyPush(workDir, {
        baseUrl: server.url,
        fixture,
        devices,
        pushesPerSec: options.pushesPerSec,
        warmUpSeconds: options.warmUpSeconds,
        seconds: options.seconds,
        timeoutMs: PUSH_TIMEOUT_MS,
        seed,
      });
      const measured = pushes.filter((push) => !push.warmUp);
      const accepted = measured.filter((push) => push.kind === '200');
      if (mode === 'ok') await waitForReceipts(sms.fake, acceptedAtMs, accepted);
      return {
        mode,
        ...pushFigures(measured),
        ...smsFigures(mode, accepted, acceptedAtMs),
        smsStates: await countSmsStates(server.db),
      };
    } finally {
      // The provider first: hung sends are cut, so the workers stop at once.
      await sms.fake.close();
      await server.stop();
    }
  } finally {
    await sms.fake.close();
    await test.dispose();
  }
}

/** When the fake accepted each message, by the order reference in its text. */
function recordAcceptances(fake: FakeSmsProvider): Map<string, number> {
  const acceptedAtMs = new Map<string, number>();
  fake.events.on('message', (message) => {
    const reference = REFERENCE.exec(message.body ?? '')?.[1];
    if (reference !== undefined) acceptedAtMs.set(reference, message.dateCreatedMs);
  });
  return acceptedAtMs;
}

/** Resolves once every pushed order's receipt was accepted, or RECEIPT_WAIT_MS after the call. */
async function waitForReceipts(
  fake: FakeSmsProvider,
  acceptedAtMs: ReadonlyMap<string, number>,
  pushes: readonly SteadyPush[],
) {
  const references = pushes.map((push) => orderReference(push.orderId));
  const allIn = () => references.every((reference) => acceptedAtMs.has(reference));
  if (allIn()) return;
  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      fake.events.off('message', check);
      resolve();
    };
    const check = () => {
      if (allIn()) finish();
    };
    const timer = setTimeout(finish, RECEIPT_WAIT_MS);
    fake.events.on('message', check);
  });
}

async function countSmsStates(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'select status, count(*)::int8 as n from sms_messages group by status order by status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

function pushFigures(measured: readonly SteadyPush[]) {
  const failures: Record<string, number> = {};
  for (const push of measured) {
    if (push.kind !== '200') failures[push.kind] = (failures[push.kind] ?? 0) + 1;
  }
  return {
    pushLatenciesMs: measured.filter((push) => push.kind === '200').map((push) => push.latencyMs),
    failures,
  };
}

function smsFigures(
  mode: BenchSmsMode,
  accepted: readonly SteadyPush[],
  acceptedAtMs: ReadonlyMap<string, number>,
) {
  if (mode !== 'ok') return { smsLatenciesMs: [], smsMissing: 0 };
  const smsLatenciesMs: number[] = [];
  for (const push of accepted) {
    const at = acceptedAtMs.get(orderReference(push.orderId));
    if (at !== undefined) smsLatenciesMs.push(at - push.answeredAtMs);
  }
  return { smsLatenciesMs, smsMissing: accepted.length - smsLatenciesMs.length };
}

async function runSteadyPush(workDir: string, config: SteadyPushConfig): Promise<SteadyPush[]> {
  const configFile = join(workDir, `steady-push-${config.seed}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  return runBenchChild<SteadyPush[]>('steady push process', PUSH_PROCESS, [configFile]);
}
