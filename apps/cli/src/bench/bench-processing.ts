import type { BenchRun } from './bench-command.ts';
import { BENCH_SMS_LATENCY_MS } from './bench-sms-provider.ts';
import type { BenchSmsMode } from './bench-sms-provider.ts';
import { measureOneTab } from './measure-one-tab.ts';
import { measureProcessing, prepareRawProcessing } from './measure-processing.ts';
import type { ProcessingSize } from './measure-processing.ts';
import { measureSteadyStream } from './measure-steady-stream.ts';
import type { SteadyStreamOptions, SteadyStreamResult } from './measure-steady-stream.ts';
import { median, percentile, round } from './percentile.ts';
import { rawPostgresProcessing } from './raw-postgres-processing.ts';

/** The backlog of the throughput benchmark (issue 5). */
export const PROCESSING_SIZE: ProcessingSize = { orders: 2_000, attendees: 400 };

/** The steady stream of the latency benchmarks: 50 orders a second, as a busy event at peak. */
export const STEADY_STREAM: SteadyStreamOptions = {
  pushesPerSec: 50,
  warmUpSeconds: 2,
  seconds: 20,
  devices: 25,
  attendees: 300,
};

/**
 * Rounds of the steady stream, each a healthy run then a hanging one, each
 * on its own fresh server and database. The machines are shared: the
 * hanging ÷ healthy ratio of each round is taken, and the median is the
 * figure.
 */
export const STEADY_ROUNDS = 2;

/** Orders on the one tab, and how many at each end are compared. */
export const ONE_TAB_ORDERS = 10_000;
export const ONE_TAB_WINDOW = 100;

type Round = Record<BenchSmsMode, SteadyStreamResult>;

/**
 * `tabline bench processing` (issue 5): processing throughput beside raw
 * SQL, the time from a push's answer to the receipt's acceptance, intake
 * latency with a hanging SMS provider against a healthy one, and the
 * 10,000th order on one tab against the first.
 */
export async function benchProcessing(run: BenchRun) {
  await benchThroughput(run);
  await benchSteadyStream(run);
  await benchOneTab(run);
}

/**
 * The workers' run is bracketed by the raw baseline: half of the raw
 * backlog is written just before it and half just after, so a machine that
 * slows down or speeds up meanwhile weighs on both sides alike.
 */
async function benchThroughput({ config, figures, tables, log }: BenchRun) {
  const { orders, attendees } = PROCESSING_SIZE;
  log(`processing: queueing ${orders} orders over ${attendees} attendees for the raw baseline`);
  const baseline = await prepareRawProcessing(config.postgresUrl, PROCESSING_SIZE);
  try {
    const half = Math.floor(orders / 2);
    log(`processing: raw pg, the first ${half} orders, one transaction each`);
    const before = await rawPostgresProcessing(baseline.url, baseline.orders.slice(0, half));
    log(`processing: ${orders} queued orders, then the workers start`);
    const workers = await measureProcessing(config.postgresUrl, PROCESSING_SIZE);
    log(`processing: raw pg, the other ${orders - half} orders`);
    const after = await rawPostgresProcessing(baseline.url, baseline.orders.slice(half));
    const rawSeconds = before.seconds + after.seconds;
    Object.assign(figures, {
      processingOrders: orders,
      processingOrdersPerSec: round(workers.ordersPerSec, 0),
      processingSeconds: round(workers.seconds),
      rawProcessingOrdersPerSec: round(orders / rawSeconds, 0),
      rawProcessingTransactionP50Ms: round(
        median([...before.transactionsMs, ...after.transactionsMs]),
        3,
      ),
      processingVsRawPostgres: round(rawSeconds / workers.seconds, 3),
    });
    tables.push(throughputTable(rawSeconds, figures));
  } finally {
    await baseline.dispose();
  }
}

function throughputTable(rawSeconds: number, figures: Record<string, number | string>) {
  const { orders, attendees } = PROCESSING_SIZE;
  return (
    `### Processing a backlog of ${orders} orders (${attendees} attendees, a receipt each), workers started after intake\n\n` +
    '| | orders/s | seconds | ratio to raw |\n| --- | --- | --- | --- |\n' +
    `| workers: the order processor, and the SMS sender sending to a healthy fake Twilio | ${figures['processingOrdersPerSec']} | ${figures['processingSeconds']} | ${figures['processingVsRawPostgres']} |\n` +
    `| raw pg, one transaction per order (ledger row, tab balance, SMS row, order marked processed); half before, half after | ${figures['rawProcessingOrdersPerSec']} | ${round(rawSeconds)} | 1 |\n`
  );
}

async function benchSteadyStream({ config, workDir, figures, tables, log }: BenchRun) {
  const { pushesPerSec, seconds } = STEADY_STREAM;
  const rounds: Round[] = [];
  for (let n = 1; n <= STEADY_ROUNDS; n++) {
    const run = (mode: BenchSmsMode) => {
      log(
        `processing: round ${n}, ${pushesPerSec} pushes/s for ${seconds} s, SMS provider ${mode}`,
      );
      return measureSteadyStream(config.postgresUrl, workDir, mode, STEADY_STREAM, n);
    };
    const ok = await run('ok');
    const hang = await run('hang');
    rounds.push({ ok, hang });
  }
  Object.assign(figures, steadyFigures(rounds, Number(figures['rawProcessingTransactionP50Ms'])));
  tables.push(steadyTable(rounds, figures));
}

/** The p-th percentile, to a tenth of a millisecond. */
const ms = (samples: readonly number[], p: number) => round(percentile(samples, p), 1);

const pooled = (rounds: readonly Round[], mode: BenchSmsMode, pick: keyof SteadyStreamResult) =>
  rounds.flatMap((r) => r[mode][pick] as readonly number[]);

/** Each round's hanging ÷ healthy push latency at percentile p. */
const hangRatios = (rounds: readonly Round[], p: number) =>
  rounds.map((r) => percentile(r.hang.pushLatenciesMs, p) / percentile(r.ok.pushLatenciesMs, p));

const failed = (result: SteadyStreamResult) =>
  Object.values(result.failures).reduce((sum, n) => sum + n, 0);

/**
 * Push latencies and receipt latencies of all rounds pooled, and the median
 * of the rounds' hanging ÷ healthy ratios. The receipt's floor is what it
 * cannot beat: the fake's answer time and one raw processing transaction.
 */
function steadyFigures(rounds: readonly Round[], rawTransactionMs: number) {
  const receipts = pooled(rounds, 'ok', 'smsLatenciesMs');
  const floorMs = rawTransactionMs + BENCH_SMS_LATENCY_MS;
  return {
    orderToSmsP50Ms: ms(receipts, 50),
    orderToSmsP99Ms: ms(receipts, 99),
    orderToSmsMissing: rounds.reduce((sum, r) => sum + r.ok.smsMissing, 0),
    orderToSmsFloorMs: round(floorMs, 1),
    orderToSmsP50VsFloor: round(percentile(receipts, 50) / floorMs, 2),
    intakeHealthyP50Ms: ms(pooled(rounds, 'ok', 'pushLatenciesMs'), 50),
    intakeHealthyP99Ms: ms(pooled(rounds, 'ok', 'pushLatenciesMs'), 99),
    intakeHangP50Ms: ms(pooled(rounds, 'hang', 'pushLatenciesMs'), 50),
    intakeHangP99Ms: ms(pooled(rounds, 'hang', 'pushLatenciesMs'), 99),
    intakeP50RatioSmsHang: round(median(hangRatios(rounds, 50)), 3),
    intakeP99RatioSmsHang: round(median(hangRatios(rounds, 99)), 3),
    intakeFailedPushes: rounds.reduce((sum, r) => sum + failed(r.ok) + failed(r.hang), 0),
  };
}

function steadyTable(rounds: readonly Round[], figures: Record<string, number | string>) {
  const { pushesPerSec, seconds, devices } = STEADY_STREAM;
  const each = (p: number) =>
    hangRatios(rounds, p)
      .map((x) => round(x, 3))
      .join(', ');
  return (
    `### Steady stream: ${pushesPerSec} one-order pushes/s from ${devices} devices for ${seconds} s, workers running\n\n` +
    '| round | SMS provider | push p50 ms | push p99 ms | not accepted | receipt p50 ms | receipt p99 ms | receipts at the end |\n' +
    '| --- | --- | --- | --- | --- | --- | --- | --- |\n' +
    rounds.map((r, i) => roundRows(i + 1, r)).join('') +
    `\nHanging ÷ healthy push latency, median of the rounds: p50 ${figures['intakeP50RatioSmsHang']} (${each(50)}), ` +
    `p99 ${figures['intakeP99RatioSmsHang']} (${each(99)}).\n\n` +
    `Push answered → receipt accepted by the fake (healthy rounds pooled): p50 ${figures['orderToSmsP50Ms']} ms, ` +
    `p99 ${figures['orderToSmsP99Ms']} ms, ${figures['orderToSmsMissing']} missing; floor ${figures['orderToSmsFloorMs']} ms ` +
    `(the fake's ${BENCH_SMS_LATENCY_MS} ms and one raw processing transaction), p50 ÷ floor ${figures['orderToSmsP50VsFloor']}.\n`
  );
}

function roundRows(n: number, r: Round): string {
  const row = (label: string, result: SteadyStreamResult, receipts: string) =>
    `| ${n} | ${label} | ${ms(result.pushLatenciesMs, 50)} | ${ms(result.pushLatenciesMs, 99)} | ` +
    `${describeFailures(result)} | ${receipts} | ${describeCounts(result.smsStates)} |\n`;
  const receipts = `${ms(r.ok.smsLatenciesMs, 50)} | ${ms(r.ok.smsLatenciesMs, 99)}`;
  return row('healthy', r.ok, receipts) + row('hanging', r.hang, '– | –');
}

const describeFailures = (result: SteadyStreamResult) =>
  Object.keys(result.failures).length === 0 ? '0' : describeCounts(result.failures);

const describeCounts = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');

async function benchOneTab({ config, figures, tables, log }: BenchRun) {
  log(`processing: ${ONE_TAB_ORDERS} orders on one tab, processOrder called for each in turn`);
  const { longTabMs, freshTabMs } = await measureOneTab(
    config.postgresUrl,
    ONE_TAB_ORDERS,
    ONE_TAB_WINDOW,
  );
  const windowMedian = (from: number) => median(longTabMs.slice(from, from + ONE_TAB_WINDOW));
  const first = windowMedian(0);
  const last = windowMedian(ONE_TAB_ORDERS - ONE_TAB_WINDOW);
  const fresh = median(freshTabMs);
  Object.assign(figures, {
    oneTabOrders: ONE_TAB_ORDERS,
    oneTabFirstMedianMs: round(first, 3),
    oneTabLastMedianMs: round(last, 3),
    tabCostRatio10k: round(last / first, 3),
    oneTabFreshMedianMs: round(fresh, 3),
    oneTabLastVsFresh: round(last / fresh, 3),
  });
  const step = ONE_TAB_ORDERS / 5;
  const starts = [0, step, 2 * step, 3 * step, 4 * step, ONE_TAB_ORDERS - ONE_TAB_WINDOW];
  tables.push(
    `### One tab: ${ONE_TAB_ORDERS} orders processed one after another by processOrder()\n\n` +
      `| orders of the tab | median ms of ${ONE_TAB_WINDOW} calls |\n| --- | --- |\n` +
      starts
        .map(
          (from) => `| ${from + 1}–${from + ONE_TAB_WINDOW} | ${round(windowMedian(from), 3)} |\n`,
        )
        .join('') +
      `| a fresh tab's 1–${ONE_TAB_WINDOW}, alternating with the last ${ONE_TAB_WINDOW} above | ${figures['oneTabFreshMedianMs']} |\n` +
      `\nLast ${ONE_TAB_WINDOW} ÷ first ${ONE_TAB_WINDOW}: ${figures['tabCostRatio10k']}; ` +
      `÷ the fresh tab's, timed alongside: ${figures['oneTabLastVsFresh']}.\n`,
  );
}
