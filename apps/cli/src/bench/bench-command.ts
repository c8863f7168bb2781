import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchConfig } from '../config.ts';
import { measureDrain, rawBaselineDatabase } from './measure-drain.ts';
import { round } from './percentile.ts';
import { rawPostgresInserts } from './raw-postgres-inserts.ts';

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

    console.log(tables.join('\n'));
    console.log(JSON.stringify(figures));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
