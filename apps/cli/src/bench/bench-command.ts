import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchConfig } from '../config.ts';
import { measureDrain, rawBaselineDatabase } from './measure-drain.ts';
import { measurePosCommit } from './measure-pos-commit.ts';
import { POS_HEAP_FLAGS, measurePosMemory } from './measure-pos-memory.ts';
import { round } from './percentile.ts';
import { rawPostgresInserts } from './raw-postgres-inserts.ts';

/** Backlogs of the memory benchmark: the ratio of their peaks is the figure. */
export const MEMORY_BACKLOGS = [1_000, 100_000] as const;

/** Orders placed in the commit benchmark. */
export const COMMIT_ORDERS = 2_000;

/** Orders one device drains in the drain benchmark (issue 3). */
export const DRAIN_ORDERS = 10_000;

/**
 * `tabline bench` (`npm run bench`): every benchmark in one run, each figure
 * beside the physical limit measured in the same run (the machines are
 * shared and noisy, so only ratios within one run are compared). Progress
 * goes to stderr, markdown tables to stdout, and the last line of stdout is
 * one JSON object with every figure.
 */
export async function benchCommand() {
  const config = readBenchConfig();
  const workDir = await mkdtemp(join(tmpdir(), 'tabline-bench-'));
  const figures: Record<string, number | string> = {};
  const tables: string[] = [];
  try {
    const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

    log(`placing ${COMMIT_ORDERS} orders offline, and the same rows with raw node:sqlite`);
    const { engine, raw, rawJournal } = await measurePosCommit(workDir, COMMIT_ORDERS);
    Object.assign(figures, {
      posCommitP50Ms: round(engine.p50Ms, 3),
      posCommitP99Ms: round(engine.p99Ms, 3),
      posCommitOrdersPerSec: round(engine.ordersPerSec, 0),
      rawSqliteP50Ms: round(raw.p50Ms, 3),
      rawSqliteP99Ms: round(raw.p99Ms, 3),
      rawSqliteOrdersPerSec: round(raw.ordersPerSec, 0),
      rawSqliteJournalOrdersPerSec: round(rawJournal.ordersPerSec, 0),
      posCommitVsRawSqlite: round(engine.ordersPerSec / raw.ordersPerSec, 3),
      posCommitVsRawSqliteJournal: round(engine.ordersPerSec / rawJournal.ordersPerSec, 3),
    });
    tables.push(
      `### placeOrder() on the POS, ${COMMIT_ORDERS} orders, one durable transaction each\n\n` +
        '| | p50 ms | p99 ms | orders/s | engine ÷ this |\n| --- | --- | --- | --- | --- |\n' +
        `| placeOrder() | ${figures['posCommitP50Ms']} | ${figures['posCommitP99Ms']} | ${figures['posCommitOrdersPerSec']} | 1 |\n` +
        `| raw node:sqlite, same rows, WAL + synchronous=FULL | ${figures['rawSqliteP50Ms']} | ${figures['rawSqliteP99Ms']} | ${figures['rawSqliteOrdersPerSec']} | ${figures['posCommitVsRawSqlite']} |\n` +
        `| raw node:sqlite + fsync'd journal append (the engine's durability) | ${round(rawJournal.p50Ms, 3)} | ${round(rawJournal.p99Ms, 3)} | ${figures['rawSqliteJournalOrdersPerSec']} | ${figures['posCommitVsRawSqliteJournal']} |\n`,
    );

    log(`draining ${DRAIN_ORDERS} queued orders into PostgreSQL`);
    const postgres = await measureDrain('postgres', {
      orders: DRAIN_ORDERS,
      workDir,
      adminUrl: config.postgresUrl,
    });
    log(`draining ${DRAIN_ORDERS} queued orders into PGlite`);
    const pglite = await measureDrain('pglite', { orders: DRAIN_ORDERS, workDir });
    log('raw multi-row INSERTs of the same rows into PostgreSQL');
    const baseline = await rawBaselineDatabase(config.postgresUrl);
    const rawOrdersPerSec = await rawPostgresInserts(
      baseline.test.url!,
      baseline.scope,
      postgres.payloads,
    );
    await baseline.test.dispose();

    figures['drainOrdersPerSec'] = round(postgres.ordersPerSec, 0);
    figures['drainPgliteOrdersPerSec'] = round(pglite.ordersPerSec, 0);
    figures['rawPostgresOrdersPerSec'] = round(rawOrdersPerSec, 0);
    figures['drainVsRawPostgres'] = round(postgres.ordersPerSec / rawOrdersPerSec, 3);
    figures['drainPgliteVsRawPostgres'] = round(pglite.ordersPerSec / rawOrdersPerSec, 3);
    tables.push(
      `### Draining ${DRAIN_ORDERS} queued orders from one device (intake: API, no workers)\n\n` +
        '| into | orders/s | seconds | ratio to raw INSERTs |\n| --- | --- | --- | --- |\n' +
        `| server on PostgreSQL | ${figures['drainOrdersPerSec']} | ${round(postgres.seconds)} | ${figures['drainVsRawPostgres']} |\n` +
        `| server on PGlite | ${figures['drainPgliteOrdersPerSec']} | ${round(pglite.seconds)} | ${figures['drainPgliteVsRawPostgres']} |\n` +
        `| raw multi-row INSERTs, PostgreSQL, 100 orders per transaction | ${figures['rawPostgresOrdersPerSec']} | ${round(DRAIN_ORDERS / rawOrdersPerSec)} | 1 |\n`,
    );

    log(`resident memory of a POS syncing ${MEMORY_BACKLOGS.join(' and ')} queued orders`);
    const peaks = await measurePosMemory(workDir, config.postgresUrl, MEMORY_BACKLOGS);
    const [small, large] = MEMORY_BACKLOGS.map((orders) => peaks.get(orders)!);
    const mib = (bytes: number) => round(bytes / 1_048_576, 1);
    figures['posRssMb1k'] = mib(small!.defaultHeap);
    figures['posRssMb100k'] = mib(large!.defaultHeap);
    figures['posRssRatio100k'] = round(large!.defaultHeap / small!.defaultHeap, 3);
    figures['posRssBudgetMb1k'] = mib(small!.budgetedHeap);
    figures['posRssBudgetMb100k'] = mib(large!.budgetedHeap);
    figures['posRssBudgetRatio100k'] = round(large!.budgetedHeap / small!.budgetedHeap, 3);
    tables.push(
      '### Peak resident memory of a POS process syncing its backlog\n\n' +
        `| heap | ${MEMORY_BACKLOGS[0]} orders, MiB | ${MEMORY_BACKLOGS[1]} orders, MiB | ratio |\n` +
        '| --- | --- | --- | --- |\n' +
        `| V8 defaults | ${figures['posRssMb1k']} | ${figures['posRssMb100k']} | ${figures['posRssRatio100k']} |\n` +
        `| device budget (\`${POS_HEAP_FLAGS.join(' ')}\`) | ${figures['posRssBudgetMb1k']} | ${figures['posRssBudgetMb100k']} | ${figures['posRssBudgetRatio100k']} |\n`,
    );

    console.log(tables.join('\n'));
    console.log(JSON.stringify(figures));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
