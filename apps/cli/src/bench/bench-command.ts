import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchConfig } from '../config.ts';
import type { BenchConfig } from '../config.ts';
import { benchProcessing } from './bench-processing.ts';
import { missingHeadlineFigures } from './headline-figures.ts';
import { describeMachine } from './describe-machine.ts';
import { measureDrain, rawBaselineDatabase } from './measure-drain.ts';
import type { DrainFigures } from './measure-drain.ts';
import { INGEST_LOAD_DEFAULT, measureIngestLoad } from './measure-ingest-load.ts';
import type { IngestLoadOptions, IngestLoadResult } from './measure-ingest-load.ts';
import { measurePosCommit } from './measure-pos-commit.ts';
import type { CommitComparison } from './measure-pos-commit.ts';
import { POS_V8_FLAGS } from '../pos-v8-flags.ts';
import { measurePosMemory } from './measure-pos-memory.ts';
import { medianRound, round } from './percentile.ts';
import { rawPostgresInserts } from './raw-postgres-inserts.ts';
import { mebibytes } from './read-process-memory.ts';

/** Backlogs of the memory benchmark: the ratio of their peaks is the figure. */
export const MEMORY_BACKLOGS = [1_000, 100_000] as const;

/** Orders placed in each round of the commit benchmark. */
export const COMMIT_ORDERS = 2_000;

/**
 * Rounds of the commit benchmark. One round takes about four seconds, and
 * on a shared machine its ratio moves by two or three hundredths from one
 * run to the next; each round places its orders in a new store, beside its
 * own baselines, and the median round (by `posCommitVsRawSqlite`) gives
 * every figure (all rounds' ratios are printed).
 */
export const COMMIT_ROUNDS = 3;

/** Orders one device drains in the drain benchmark (issue 3). */
export const DRAIN_ORDERS = 10_000;

/** What one benchmark adds to the run: figures, and a markdown table. */
export interface BenchRun {
  readonly config: BenchConfig;
  readonly workDir: string;
  readonly figures: Record<string, number | string>;
  readonly tables: string[];
  readonly log: (message: string) => void;
  readonly ingest: IngestLoadOptions;
}

const BENCHES = {
  commit: benchCommit,
  drain: benchDrain,
  memory: benchMemory,
  ingest: benchIngest,
  processing: benchProcessing,
} satisfies Record<string, (run: BenchRun) => Promise<void>>;

export type BenchName = keyof typeof BENCHES;

export const BENCH_NAMES = Object.keys(BENCHES) as BenchName[];

/** Which benchmark to run (null: all), and the size of the ingest benchmark. */
export interface BenchSelection {
  readonly only: BenchName | null;
  readonly ingest: IngestLoadOptions;
}

/**
 * `tabline bench` (`npm run bench`): every benchmark in one run, each figure
 * beside the physical limit measured in the same run (the machines are
 * shared and noisy, so only ratios within one run are compared). Progress
 * goes to stderr, markdown tables to stdout, and the last line of stdout is
 * one JSON object with every figure. `tabline bench <name>` runs one. A
 * headline figure (HEADLINE_FIGURES) missing or not a number fails the run,
 * after everything measured is printed.
 */
export async function benchCommand(
  selection: BenchSelection = { only: null, ingest: INGEST_LOAD_DEFAULT },
) {
  const config = readBenchConfig();
  const workDir = await mkdtemp(join(tmpdir(), 'tabline-bench-'));
  const run: BenchRun = {
    config,
    workDir,
    figures: {},
    tables: [],
    log: (message) => process.stderr.write(`bench: ${message}\n`),
    ingest: selection.ingest,
  };
  const names = BENCH_NAMES.filter((name) => selection.only === null || selection.only === name);
  try {
    run.tables.push(await describeMachine(config.postgresUrl));
    for (const name of names) await BENCHES[name](run);
    console.log(run.tables.join('\n'));
    console.log(JSON.stringify(run.figures));
    const missing = missingHeadlineFigures(names, run.figures);
    if (missing.length > 0) throw new Error(`bench: no figure for ${missing.join(', ')}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function benchCommit({ workDir, figures, tables, log }: BenchRun) {
  const rounds: CommitComparison[] = [];
  for (let round = 1; round <= COMMIT_ROUNDS; round++) {
    log(
      `round ${round}: placing ${COMMIT_ORDERS} orders offline, and the same rows with raw node:sqlite`,
    );
    rounds.push(await measurePosCommit(workDir, COMMIT_ORDERS));
  }
  const ratio = (r: CommitComparison) => r.engine.ordersPerSec / r.rawJournal.ordersPerSec;
  Object.assign(figures, commitFigures(medianRound(rounds, ratio)));
  tables.push(
    `### placeOrder() on the POS, ${COMMIT_ORDERS} orders, one durable transaction each\n\n` +
      `The median of ${COMMIT_ROUNDS} rounds by the ratio to the same durability; ` +
      `that ratio in every round: ${rounds.map((r) => round(ratio(r), 3)).join(', ')}.\n\n` +
      '| | p50 ms | p99 ms | orders/s | engine ÷ this |\n| --- | --- | --- | --- | --- |\n' +
      `| placeOrder() | ${figures['posCommitP50Ms']} | ${figures['posCommitP99Ms']} | ${figures['posCommitOrdersPerSec']} | 1 |\n` +
      `| raw node:sqlite, same rows, same durability: WAL + synchronous=FULL, then the work item appended to a journal file written as the engine's (room made ahead, fdatasync) | ${figures['rawSqliteP50Ms']} | ${figures['rawSqliteP99Ms']} | ${figures['rawSqliteOrdersPerSec']} | ${figures['posCommitVsRawSqlite']} |\n` +
      `| raw node:sqlite, same rows, the SQLite commit only (WAL + synchronous=FULL, no journal) | ${figures['rawSqliteOnlyP50Ms']} | ${figures['rawSqliteOnlyP99Ms']} | ${figures['rawSqliteOnlyOrdersPerSec']} | ${figures['posCommitVsRawSqliteOnly']} |\n` +
      `| raw node:sqlite, same rows, then the work item appended the simple way (the file grows, fsync) | ${figures['rawSqliteAppendP50Ms']} | ${figures['rawSqliteAppendP99Ms']} | ${figures['rawSqliteAppendOrdersPerSec']} | ${figures['posCommitVsRawSqliteAppend']} |\n`,
  );
}

/**
 * The commit benchmark's figures. rawSqlite*: the same rows with the
 * engine's durability (the SQLite commit, then the work item appended to a
 * journal file written as the engine's), the baseline of
 * posCommitVsRawSqlite; rawSqliteOnly*: the SQLite commit alone, one sync
 * fewer; rawSqliteAppend*: the journal appended the simple way (a file that
 * grows, fsynced), which costs twice the engine's append.
 */
export function commitFigures({ engine, raw, rawJournal, rawAppend }: CommitComparison) {
  return {
    posCommitP50Ms: round(engine.p50Ms, 3),
    posCommitP99Ms: round(engine.p99Ms, 3),
    posCommitOrdersPerSec: round(engine.ordersPerSec, 0),
    rawSqliteP50Ms: round(rawJournal.p50Ms, 3),
    rawSqliteP99Ms: round(rawJournal.p99Ms, 3),
    rawSqliteOrdersPerSec: round(rawJournal.ordersPerSec, 0),
    posCommitVsRawSqlite: round(engine.ordersPerSec / rawJournal.ordersPerSec, 3),
    rawSqliteOnlyP50Ms: round(raw.p50Ms, 3),
    rawSqliteOnlyP99Ms: round(raw.p99Ms, 3),
    rawSqliteOnlyOrdersPerSec: round(raw.ordersPerSec, 0),
    posCommitVsRawSqliteOnly: round(engine.ordersPerSec / raw.ordersPerSec, 3),
    rawSqliteAppendP50Ms: round(rawAppend.p50Ms, 3),
    rawSqliteAppendP99Ms: round(rawAppend.p99Ms, 3),
    rawSqliteAppendOrdersPerSec: round(rawAppend.ordersPerSec, 0),
    posCommitVsRawSqliteAppend: round(engine.ordersPerSec / rawAppend.ordersPerSec, 3),
  };
}

/**
 * Rounds of the drain benchmark. One drain of 10,000 orders takes two or
 * three seconds, short enough for a noisy minute on a shared machine to move
 * it by a fifth; each round drains into PostgreSQL and PGlite and runs the
 * raw baseline right after, and the median round's ratio is the figure (all
 * rounds are printed).
 */
export const DRAIN_ROUNDS = 3;

async function benchDrain({ config, workDir, figures, tables, log }: BenchRun) {
  const rounds: { postgres: DrainFigures; pglite: DrainFigures; rawOrdersPerSec: number }[] = [];
  for (let round = 1; round <= DRAIN_ROUNDS; round++) {
    log(`round ${round}: draining ${DRAIN_ORDERS} queued orders into PostgreSQL`);
    const postgres = await measureDrain('postgres', {
      orders: DRAIN_ORDERS,
      workDir,
      adminUrl: config.postgresUrl,
    });
    log(`round ${round}: draining ${DRAIN_ORDERS} queued orders into PGlite`);
    const pglite = await measureDrain('pglite', { orders: DRAIN_ORDERS, workDir });
    log(`round ${round}: raw multi-row INSERTs of the same rows into PostgreSQL`);
    const baseline = await rawBaselineDatabase(config.postgresUrl);
    const rawOrdersPerSec = await rawPostgresInserts(
      baseline.test.url!,
      baseline.scope,
      postgres.payloads,
    );
    await baseline.test.dispose();
    rounds.push({ postgres, pglite, rawOrdersPerSec });
  }
  const ratio = (drain: DrainFigures, raw: number) => drain.ordersPerSec / raw;
  const { postgres, rawOrdersPerSec } = medianRound(rounds, (r) =>
    ratio(r.postgres, r.rawOrdersPerSec),
  );
  const pgliteRound = medianRound(rounds, (r) => ratio(r.pglite, r.rawOrdersPerSec));
  const pglite = pgliteRound.pglite;

  figures['drainOrdersPerSec'] = round(postgres.ordersPerSec, 0);
  figures['drainPgliteOrdersPerSec'] = round(pglite.ordersPerSec, 0);
  figures['rawPostgresOrdersPerSec'] = round(rawOrdersPerSec, 0);
  figures['drainVsRawPostgres'] = round(ratio(postgres, rawOrdersPerSec), 3);
  figures['drainPgliteVsRawPostgres'] = round(ratio(pglite, pgliteRound.rawOrdersPerSec), 3);
  const allRatios = (pick: (r: (typeof rounds)[number]) => DrainFigures) =>
    rounds.map((r) => round(ratio(pick(r), r.rawOrdersPerSec), 3)).join(', ');
  tables.push(
    `### Draining ${DRAIN_ORDERS} queued orders from one device (intake: API, no workers)\n\n` +
      `The median of ${DRAIN_ROUNDS} rounds, each beside its own raw baseline.\n\n` +
      '| into | orders/s | seconds | ratio to raw INSERTs | every round |\n| --- | --- | --- | --- | --- |\n' +
      `| server on PostgreSQL | ${figures['drainOrdersPerSec']} | ${round(postgres.seconds)} | ${figures['drainVsRawPostgres']} | ${allRatios((r) => r.postgres)} |\n` +
      `| server on PGlite | ${figures['drainPgliteOrdersPerSec']} | ${round(pglite.seconds)} | ${figures['drainPgliteVsRawPostgres']} | ${allRatios((r) => r.pglite)} |\n` +
      `| raw multi-row INSERTs, PostgreSQL, 100 orders per transaction | ${figures['rawPostgresOrdersPerSec']} | ${round(DRAIN_ORDERS / rawOrdersPerSec)} | 1 | |\n`,
  );
}

async function benchMemory({ config, workDir, figures, tables, log }: BenchRun) {
  log(`resident memory of a POS syncing ${MEMORY_BACKLOGS.join(' and ')} queued orders`);
  const peaks = await measurePosMemory(workDir, config.postgresUrl, MEMORY_BACKLOGS);
  const [small, large] = MEMORY_BACKLOGS.map((orders) => peaks.get(orders)!);
  figures['posRssMb1k'] = mebibytes(small!.posFlags);
  figures['posRssMb100k'] = mebibytes(large!.posFlags);
  figures['posRssRatio100k'] = round(large!.posFlags / small!.posFlags, 3);
  figures['posRssV8DefaultsMb1k'] = mebibytes(small!.v8Defaults);
  figures['posRssV8DefaultsMb100k'] = mebibytes(large!.v8Defaults);
  figures['posRssV8DefaultsRatio100k'] = round(large!.v8Defaults / small!.v8Defaults, 3);
  tables.push(
    '### Peak resident memory of a POS process syncing its backlog\n\n' +
      `| heap | ${MEMORY_BACKLOGS[0]} orders, MiB | ${MEMORY_BACKLOGS[1]} orders, MiB | ratio |\n` +
      '| --- | --- | --- | --- |\n' +
      `| as \`tabline pos\` runs (\`${POS_V8_FLAGS.join(' ')}\`) | ${figures['posRssMb1k']} | ${figures['posRssMb100k']} | ${figures['posRssRatio100k']} |\n` +
      `| V8 defaults | ${figures['posRssV8DefaultsMb1k']} | ${figures['posRssV8DefaultsMb100k']} | ${figures['posRssV8DefaultsRatio100k']} |\n`,
  );
}

async function benchIngest({ config, workDir, figures, tables, log, ingest }: BenchRun) {
  const result = await measureIngestLoad(config.postgresUrl, workDir, ingest, log);
  log(`raw multi-row INSERTs of the same ${result.payloads.length} orders into PostgreSQL`);
  const baseline = await rawBaselineDatabase(config.postgresUrl);
  const rawOrdersPerSec = await rawPostgresInserts(
    baseline.test.url!,
    baseline.scope,
    result.payloads,
  );
  await baseline.test.dispose();
  Object.assign(figures, ingestFigures(ingest, result, rawOrdersPerSec));
  tables.push(ingestTables(ingest, result, figures));
}

function ingestFigures(options: IngestLoadOptions, result: IngestLoadResult, rawPerSec: number) {
  const { sustained, overload, serverMemory } = result;
  const ordersPerSec = sustained.acceptedOrders / sustained.seconds;
  const count = (test: (kind: string) => boolean) =>
    Object.entries(overload.answers)
      .filter(([kind]) => test(kind))
      .reduce((sum, [, n]) => sum + n, 0);
  return {
    ingestDevices: options.devices,
    ingestBatchItems: options.batchItems,
    ingestOrdersPerSec: round(ordersPerSec, 0),
    ingestPushesPerSec: round(sustained.acceptedPushes / sustained.seconds, 1),
    ingestP50Ms: round(sustained.acceptedP50Ms, 1),
    ingestP99Ms: round(sustained.acceptedP99Ms, 1),
    ingestFailedPushes: sustained.pushes - sustained.acceptedPushes,
    ingestRawPostgresOrdersPerSec: round(rawPerSec, 0),
    ingestVsRawPostgres: round(ordersPerSec / rawPerSec, 3),
    serverStartRssMb: mebibytes(serverMemory.startRssBytes),
    serverPeakRssMb: mebibytes(serverMemory.sustainedPeakRssBytes),
    overloadServerPeakRssMb: mebibytes(serverMemory.peakRssBytes),
    overloadOfferedPushesPerSec: round(result.offeredPushesPerSec, 1),
    overloadPushes: overload.pushes,
    overloadAccepted: overload.acceptedPushes,
    overloadAcceptedOrdersPerSec: round(overload.acceptedOrders / overload.seconds, 0),
    overloadShed: count((kind) => kind.startsWith('429 ')),
    overload5xx: count((kind) => kind.startsWith('5')),
    overloadTimeouts: count((kind) => kind === 'timeout' || kind === 'network-error'),
    overloadAcceptedP50Ms: round(overload.acceptedP50Ms, 1),
    overloadAcceptedP99Ms: round(overload.acceptedP99Ms, 1),
    overloadAcceptedMaxMs: round(overload.acceptedMaxMs, 1),
  };
}

function ingestTables(
  options: IngestLoadOptions,
  result: IngestLoadResult,
  figures: Record<string, number | string>,
): string {
  const answers = Object.entries(result.overload.answers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `| ${kind} | ${n} |\n`)
    .join('');
  return (
    `### Sustained ingest: ${options.devices} devices pushing ${options.batchItems} orders a push, one push in flight each, over HTTP into PostgreSQL (\`tabline serve\`: API and workers)\n\n` +
    '| | orders/s | pushes/s | p50 ms | p99 ms | ratio to raw INSERTs |\n| --- | --- | --- | --- | --- | --- |\n' +
    `| server, closed loop, ${round(result.sustained.seconds)} s | ${figures['ingestOrdersPerSec']} | ${figures['ingestPushesPerSec']} | ${figures['ingestP50Ms']} | ${figures['ingestP99Ms']} | ${figures['ingestVsRawPostgres']} |\n` +
    `| raw multi-row INSERTs of the same ${result.payloads.length} orders, one process, 100 per transaction | ${figures['ingestRawPostgresOrdersPerSec']} | | | | 1 |\n` +
    `\nResident memory of the server process (API and workers): ${figures['serverStartRssMb']} MiB once serving; ` +
    `peak ${figures['serverPeakRssMb']} MiB through the warm-up and the closed loop, ${figures['overloadServerPeakRssMb']} MiB with the open loop below.\n` +
    `\n### At ${options.overloadFactor}× that capacity: ${figures['overloadOfferedPushesPerSec']} pushes/s offered for ${options.overloadSeconds} s (open loop)\n\n` +
    '| answer | pushes |\n| --- | --- |\n' +
    answers +
    `\nAccepted: ${figures['overloadAcceptedOrdersPerSec']} orders/s; latency p50 ${figures['overloadAcceptedP50Ms']} ms, p99 ${figures['overloadAcceptedP99Ms']} ms, max ${figures['overloadAcceptedMaxMs']} ms. ` +
    `Shed (429): ${figures['overloadShed']}; 5xx: ${figures['overload5xx']}; timed out or cut: ${figures['overloadTimeouts']}.\n`
  );
}
