import { openPostgresDatabase, startJobQueue } from '@tabline/database';
import type { Database, JobQueue } from '@tabline/database';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { createServer } from '@tabline/server';
import { startWorkers } from '@tabline/workers';
import type { SmsProvider, Workers } from '@tabline/workers';
import type { TestDatabase } from '@tabline/testkit/test-database';

/** The server side of a benchmark; the workers start when asked. */
export interface BenchServer {
  readonly url: string;
  /** The pool the API and the workers share. */
  readonly db: Database;
  readonly jobs: JobQueue;
  /** Starts the workers (order processor, SMS sender, reconciliation) with their defaults. */
  startWorkers(smsProvider: SmsProvider): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The server side as `tabline start` composes it on PostgreSQL
 * (`run-server.ts`), on a test database: one pool of 10 connections shared
 * by the API and the workers, pg-boss's own pool, the production rate
 * limits and load shedding, and every worker setting at its default. The
 * only differences: the client address is taken from X-Forwarded-For (each
 * simulated device sends its own), logs are silent, and no SMS webhooks are
 * served (sends whose answer is lost are settled by search alone).
 */
export async function startBenchServer(test: TestDatabase): Promise<BenchServer> {
  const url = test.url;
  if (url === undefined) throw new Error('The bench server runs on PostgreSQL');
  const db = openPostgresDatabase(url, { applicationName: 'tabline-bench' });
  const jobs = await startJobQueue({ database: db, postgresUrl: url, logger: silentLogger });
  const app = await createServer({ db, jobs, clock: systemClock, trustProxy: true });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  let workers: Workers | null = null;
  return {
    url: address,
    db,
    jobs,
    startWorkers: async (smsProvider) => {
      workers = await startWorkers({
        db,
        jobs,
        smsProvider,
        clock: systemClock,
        random: cryptoRandom,
        logger: silentLogger,
      });
    },
    stop: async () => {
      await app.close();
      await workers?.stop();
      await jobs.stop();
      await db.close();
    },
  };
}
