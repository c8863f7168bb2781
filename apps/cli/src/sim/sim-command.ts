/**
 * `tabline sim` (`npm run sim -- [options]`): a whole event on real
 * processes, under faults, checked at the end. The server (API and workers,
 * on PostgreSQL or PGlite), N POS devices each in its own process on its
 * own SQLite file, the fake SMS provider, and fault proxies between the
 * devices and the API and between the server and PostgreSQL.
 *
 * Phases: set up (a fresh database, the event, the processes); orders (the
 * devices place their share at the offered rate while the chaos plan runs);
 * heal (every fault ended, every process up); quiesce (wait, bounded, until
 * the devices' backlogs are empty and the server has no work left); check
 * (sim-checks.ts). Progress goes to stderr; a readable summary, then one
 * JSON object as the last line, to stdout. The exit code is 1 when a check
 * failed, and the seed that replays the run is printed.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPgliteDatabase } from '@tabline/database';
import type { Database } from '@tabline/database';
import { EVENT_SALES_PATH, SESSIONS_PATH } from '@tabline/protocol';
import type { EventSales, SessionResponse } from '@tabline/protocol';
import { startFakeSmsProvider } from '@tabline/testkit';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { checkSimulation } from './sim-checks.ts';
import type { SimCheckResult } from './sim-checks.ts';
import { createSimChaos } from './sim-chaos.ts';
import type { InjectedFaults } from './sim-chaos.ts';
import { readHistory, readStatus } from './sim-device-files.ts';
import type { SimDeviceStatus } from './sim-device-files.ts';
import { createSimEvent } from './sim-event.ts';
import type { SimEvent } from './sim-event.ts';
import { startSimFleet } from './sim-fleet.ts';
import { replayCommand } from './sim-options.ts';
import type { SimOptions } from './sim-options.ts';
import { planSimulation } from './sim-plan.ts';
import { startSimServers } from './sim-servers.ts';
import type { SimServers } from './sim-servers.ts';
import { createProgress } from './sim-progress.ts';

/** The fake provider answers after this long, as a real one takes a moment. */
const SMS_LATENCY_MS = 20;
/** The devices may take this much longer than planned to place their orders (restarts, outages). */
const ORDER_PHASE_SLACK = 3;
const ORDER_PHASE_SLACK_MS = 60_000;
const POLL_MS = 1_000;

export interface SimReport {
  readonly seed: number;
  readonly database: 'postgres' | 'pglite';
  readonly devices: number;
  readonly orders: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly unexpected: number;
  readonly smsDuplicated: number;
  readonly smsMissing: number;
  readonly tabMismatches: number;
  readonly ok: boolean;
  readonly [key: string]: unknown;
}

export async function simCommand(options: SimOptions): Promise<SimReport> {
  const log = (message: string) => progress.log(message);
  const progress = createProgress(process.stderr);
  const startedAt = Date.now();
  const workDir = await mkdtemp(join(tmpdir(), 'tabline-sim-'));
  const plan = planSimulation(options);
  log(
    `seed ${options.seed}: ${options.devices} devices, ${options.orders} orders at ` +
      `${options.ordersPerSecond}/s on ${options.database}${options.chaos ? ', chaos' : ''} ` +
      `(${plan.faults.length} faults planned); files in ${workDir}`,
  );
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const database = await createDatabase(options, workDir, cleanups);
    const event = await withDatabase(database, (db) => createSimEvent(db, options.devices));
    const sms = await startFakeSmsProvider({ switches: { latencyMs: SMS_LATENCY_MS } });
    cleanups.push(() => sms.close());
    const servers = await startSimServers({
      seed: options.seed,
      database:
        database.kind === 'postgres'
          ? { kind: 'postgres', url: database.url }
          : { kind: 'pglite', dataDir: database.dataDir },
      sms,
      env: options.faults.skipIdempotency ? { TABLINE_FAULT_SKIP_IDEMPOTENCY: '1' } : {},
    });
    cleanups.push(() => servers.stop());
    const fleet = await startSimFleet(
      event.devices.map((device, index) => ({
        index,
        dir: join(workDir, 'devices', String(index + 1).padStart(3, '0')),
        deviceToken: device.token,
        orders:
          Math.floor(options.orders / options.devices) +
          (index < options.orders % options.devices ? 1 : 0),
        ordersPerSecond: options.ordersPerSecond / options.devices,
        seed: options.seed,
        bands: event.bands,
        blockedBand: event.blockedBand,
        productIds: event.productIds,
        clockSkewMs: plan.clockSkewMs[index]!,
        deferCommitMs: options.faults.posDeferCommitMs,
      })),
      { port: servers.apiPort },
      options.seed,
    );
    cleanups.push(async () => {
      await fleet.stop();
      await fleet.closeProxies();
    });
    const setupMs = Date.now() - startedAt;

    // Orders, under the plan's faults.
    const chaos = createSimChaos(plan, options.seed, { fleet, servers, sms }, log);
    const ordersStartedAt = Date.now();
    for (const device of fleet.devices) fleet.start(device.index);
    const statuses = () => fleet.devices.map((device) => readStatus(device.config.dir));
    const chaosDone = chaos.run(ordersStartedAt);
    const orderDeadline =
      ordersStartedAt + plan.orderPhaseMs * ORDER_PHASE_SLACK + ORDER_PHASE_SLACK_MS;
    const placedAll = await waitUntil(orderDeadline, () => {
      const now = statuses();
      progress.update('orders', summarise(now, options.orders, chaos.injected));
      return now.every((status) => status?.done === true);
    });
    await chaosDone;
    const ordersMs = Date.now() - ordersStartedAt;

    // Heal, then wait for the system to go quiet.
    await chaos.heal();
    const healedAt = Date.now();
    log(`healed after ${seconds(ordersMs)} s of orders; waiting for quiet`);
    const quiesced = await waitUntil(healedAt + options.quiesceSeconds * 1000, async () => {
      const now = statuses();
      progress.update('quiesce', summarise(now, options.orders, chaos.injected));
      const devicesQuiet = now.every(
        (status) => status !== null && status.at > healedAt && status.done && status.backlog === 0,
      );
      return devicesQuiet && (await serverQuiet(servers, database));
    });
    const quiesceMs = Date.now() - healedAt;
    progress.done();

    const dashboard = await readDashboard(servers.apiUrl, event).catch(() => null);
    await fleet.stop();
    const crashes = fleet.crashes();
    const proxyStats = fleet.devices.map((device) => device.proxy.stats());
    await servers.stop();
    const outcomes = event.devices.map((device, index) => ({
      deviceId: device.id,
      history: readHistory(fleet.devices[index]!.config.dir),
      status: readStatus(fleet.devices[index]!.config.dir),
    }));
    const checks = await withDatabase(database, (db) =>
      checkSimulation(db, event.eventId, outcomes, sms.messages(), dashboard),
    );
    const responses = proxyStats.reduce((sum, stats) => sum + stats.responses, 0);
    const responsesDropped = proxyStats.reduce((sum, stats) => sum + stats.responsesDropped, 0);
    const report = buildReport(options, checks, chaos.injected, {
      placedAll,
      quiesced,
      deviceCrashes: crashes.length,
      responses,
      responsesDropped,
      seconds: {
        setup: seconds(setupMs),
        orders: seconds(ordersMs),
        quiesce: seconds(quiesceMs),
        total: seconds(Date.now() - startedAt),
      },
    });
    for (const crash of crashes) {
      log(`device ${crash.device + 1} crashed (${crash.code ?? crash.signal}):\n${crash.stderr}`);
    }
    printSummary(report, checks, chaos.injected);
    if (!report.ok) {
      console.log(`FAILED. Replay: ${replayCommand(options)}`);
      process.exitCode = 1;
    }
    console.log(JSON.stringify(report));
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
    else log(`kept: ${workDir}`);
  }
}

/**
 * `--runs n`: n simulations on consecutive seeds, each printing its own
 * report; the last line is one JSON object over all of them, with the seeds
 * that failed. The exit code is 1 if any failed.
 */
export async function simSweep(options: SimOptions): Promise<void> {
  const failedSeeds: number[] = [];
  const startedAt = Date.now();
  for (let run = 0; run < options.runs; run++) {
    const seed = options.seed + run;
    const report = await simCommand({ ...options, seed, runs: 1 }).catch((error: unknown) => {
      console.log(`seed ${seed}: the run itself failed: ${String(error)}`);
      return null;
    });
    if (!report?.ok) failedSeeds.push(seed);
  }
  const passed = options.runs - failedSeeds.length;
  console.log(`\n${passed} of ${options.runs} seeds passed.`);
  process.exitCode = failedSeeds.length === 0 ? 0 : 1;
  console.log(
    JSON.stringify({
      firstSeed: options.seed,
      runs: options.runs,
      passed,
      failedSeeds,
      seconds: seconds(Date.now() - startedAt),
      ok: failedSeeds.length === 0,
    }),
  );
}

/** The organiser's sales figures, as the dashboard shows them (null if unreadable). */
async function readDashboard(apiUrl: string, event: SimEvent): Promise<EventSales | null> {
  const signIn = await fetch(apiUrl + SESSIONS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event.owner),
  });
  if (!signIn.ok) return null;
  const { token } = (await signIn.json()) as SessionResponse;
  const sales = await fetch(apiUrl + EVENT_SALES_PATH.replace(':eventId', event.eventId), {
    headers: { authorization: `Bearer ${token}` },
  });
  return sales.ok ? ((await sales.json()) as EventSales) : null;
}

type SimDatabase =
  { kind: 'postgres'; url: string; database: Database } | { kind: 'pglite'; dataDir: string };

/** A fresh database for the run: PostgreSQL from the template, or a PGlite data dir. */
async function createDatabase(
  options: SimOptions,
  workDir: string,
  cleanups: (() => Promise<void>)[],
): Promise<SimDatabase> {
  if (options.database === 'postgres') {
    const test = await createTestDatabase('postgres', { adminUrl: options.adminUrl });
    cleanups.push(async () => {
      if (options.keep) await test.database.close();
      else await test.dispose();
    });
    return { kind: 'postgres', url: test.url!, database: test.database };
  }
  const dataDir = join(workDir, 'server');
  await mkdir(dataDir, { recursive: true });
  await withDatabase({ kind: 'pglite', dataDir }, (db) => migrate(db));
  return { kind: 'pglite', dataDir };
}

/** Runs `work` on the database: PGlite is opened for it (the server must be down). */
async function withDatabase<T>(
  database: SimDatabase,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  if (database.kind === 'postgres') return work(database.database);
  const db = await openPgliteDatabase(join(database.dataDir, 'pglite'));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * The server has nothing left to do: no job waiting or running (read from
 * its metrics, which work on either database), and on PostgreSQL, read
 * directly, no order unprocessed and no text unsettled.
 */
async function serverQuiet(servers: SimServers, database: SimDatabase): Promise<boolean> {
  const response = await fetch(`${servers.apiUrl}/metrics`).catch(() => null);
  if (!response?.ok) return false;
  const text = await response.text();
  for (const match of text.matchAll(/^tabline_queue_jobs\{([^}]*)\} (\d+)/gm)) {
    if (/state="(queued|active)"/.test(match[1]!) && Number(match[2]) > 0) return false;
  }
  if (database.kind === 'pglite') return true;
  const { rows } = await database.database.query<{ busy: number }>(
    `select (select count(*) from orders where status <> 'processed')
          + (select count(*) from sms_messages where status in ('pending', 'sending', 'unknown'))
       as busy`,
  );
  return Number(rows[0]!.busy) === 0;
}

function summarise(
  statuses: readonly (SimDeviceStatus | null)[],
  orders: number,
  injected: InjectedFaults,
) {
  let attempted = 0;
  let backlog = 0;
  for (const status of statuses) {
    attempted += status?.attempted ?? 0;
    backlog += status?.backlog ?? 0;
  }
  return {
    attempted,
    orders,
    backlog,
    kills: `${injected.deviceKills} device, ${injected.serverKills} server`,
  };
}

async function waitUntil(deadline: number, done: () => boolean | Promise<boolean>) {
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

function buildReport(
  options: SimOptions,
  checks: SimCheckResult,
  injected: InjectedFaults,
  run: {
    placedAll: boolean;
    quiesced: boolean;
    deviceCrashes: number;
    responses: number;
    responsesDropped: number;
    seconds: Record<string, number>;
  },
): SimReport {
  const { examples, refused, smsByStatus, ...counts } = checks;
  const failures = {
    lost: checks.lost,
    duplicated: checks.duplicated,
    seqReused: checks.seqReused,
    unexpected: checks.unexpected,
    rejected: checks.rejected,
    unprocessed: checks.unprocessed,
    tabMismatches: checks.tabMismatches,
    orderTotalMismatches: checks.orderTotalMismatches,
    ledgerMismatches: checks.ledgerMismatches,
    dashboardMismatches: checks.dashboardMismatches,
    smsDuplicated: checks.smsDuplicated,
    smsMissing: checks.smsMissing,
    jobsLeft: checks.jobsLeft,
    backlog: checks.backlog,
    deviceCrashes: run.deviceCrashes,
    faultFailures: injected.failures.length,
  };
  const ok = run.placedAll && run.quiesced && Object.values(failures).every((n) => n === 0);
  return {
    seed: options.seed,
    database: options.database,
    devices: options.devices,
    chaos: options.chaos,
    faultSettings: options.faults,
    ...counts,
    orders: checks.acknowledged,
    ...failures,
    placedAll: run.placedAll,
    quiesced: run.quiesced,
    refused,
    smsByStatus,
    injected,
    responses: run.responses,
    responsesDropped: run.responsesDropped,
    responsesDroppedShare:
      run.responses === 0 ? 0 : Math.round((run.responsesDropped / run.responses) * 1000) / 1000,
    seconds: run.seconds,
    examples,
    ok,
  };
}

function printSummary(report: SimReport, checks: SimCheckResult, injected: InjectedFaults) {
  const line = (label: string, value: string | number | boolean) =>
    console.log(`  ${label.padEnd(32)} ${value}`);
  console.log(
    `\nTabline sim, seed ${report.seed} (${report.database}): ${report.ok ? 'OK' : 'FAILED'}`,
  );
  console.log('Orders');
  line('attempted at the counter', checks.attempted);
  line('acknowledged to staff', checks.acknowledged);
  line('refused at the counter', JSON.stringify(checks.refused));
  line('indeterminate (killed mid-call)', checks.indeterminate);
  line('on the server', checks.ordersOnServer);
  line('lost', checks.lost);
  line('duplicated', checks.duplicated);
  line('device seq reused', checks.seqReused);
  line('unexpected', checks.unexpected);
  line('rejected by the server', checks.rejected);
  line('unprocessed', checks.unprocessed);
  console.log('Money');
  line('tabs checked', checks.tabs);
  line('tab ≠ ledger ≠ orders', checks.tabMismatches);
  line('order total ≠ its lines', checks.orderTotalMismatches);
  line('order charge ≠ its ledger', checks.ledgerMismatches);
  line('dashboard ≠ ledger', checks.dashboardMismatches);
  console.log('Texts');
  line('receipts due', checks.smsDue);
  line('sent once', checks.smsSent);
  line('missing', checks.smsMissing);
  line('duplicated at the provider', checks.smsDuplicated);
  console.log('Leftovers');
  line('jobs not completed', checks.jobsLeft);
  line('device backlog', checks.backlog);
  line('device crashes', String(report['deviceCrashes']));
  line('placed every order', String(report['placedAll']));
  line('went quiet in time', String(report['quiesced']));
  console.log('Faults injected');
  line(
    'device kills (offline, corrupted)',
    `${injected.deviceKills} (${injected.offlineKills}, ${injected.corruptions})`,
  );
  line(
    'server kills (api, workers)',
    `${injected.serverKills} (${injected.apiKills}, ${injected.workerKills})`,
  );
  line('db reset storms (resets)', `${injected.dbResetStorms} (${injected.dbConnectionsReset})`);
  line('partitions', injected.partitions);
  line('latency, bandwidth windows', `${injected.latencyWindows}, ${injected.bandwidthWindows}`);
  line('sms faults', JSON.stringify(injected.smsFaults));
  line(
    'skewed clocks (max)',
    `${injected.skewedDevices} (${Math.round(injected.maxSkewMs / 1000)} s)`,
  );
  line('responses lost', `${String(report['responsesDropped'])} of ${String(report['responses'])}`);
  const examples = Object.entries(checks.examples);
  if (examples.length > 0) {
    console.log('Examples');
    for (const [name, values] of examples) line(name, values.join('; '));
  }
  console.log('');
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
