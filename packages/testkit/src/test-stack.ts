import type { FastifyInstance } from 'fastify';
import { startJobQueue } from '@tabline/database';
import type { Database, JobQueue, RetryPolicy } from '@tabline/database';
import { PIN_KEY_ITERATIONS_MIN, cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { createServer } from '@tabline/server';
import type { ServerOptions } from '@tabline/server';
import { startWorkers } from '@tabline/workers';
import type { SmsProvider, SmsSettings, Workers } from '@tabline/workers';
import type { TestDatabase } from './test-database.ts';

/**
 * Password hashes in tests: scrypt at N = 2^10 takes milliseconds, where the
 * production cost (2^17) takes a few hundred. The code path is the same.
 */
export const TEST_PASSWORD_COST = { log2N: 10, r: 8, p: 1 } as const;

/** Server options a test may set: limits, load shedding, retries, shutdown grace. */
export type TestServerOptions = Omit<ServerOptions, 'db' | 'jobs' | 'clock'>;

const NEVER_SHED = {
  eventLoopDelayMsMax: Infinity,
  heapUsedRatioMax: Infinity,
  databaseWaitingMax: Infinity,
} as const;

/**
 * Rate limits and load shedding are off in the test stack unless a test sets
 * them (`server: { rateLimits, loadShedding }`, which replace these whole):
 * whether they trip depends on how many requests a test makes in ten
 * seconds and on how busy the machine is (a PGlite test database runs on
 * the test's own event loop), and a test of something else must not depend
 * on either. The tests of the limits themselves turn them on.
 */
export const TEST_SERVER_DEFAULTS: TestServerOptions = {
  rateLimits: { perDevice: null, perAddress: null },
  loadShedding: { other: NEVER_SHED, intake: NEVER_SHED },
};

export interface TestStack {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly jobs: JobQueue;
  readonly workers: Workers | null;
  stop(): Promise<void>;
}

/**
 * The server side in this process, on a real port: job queue, API and
 * (unless `workers: false`) the workers, against a test database.
 */
export async function startTestStack(
  test: TestDatabase,
  options: {
    smsProvider?: SmsProvider;
    workers?: boolean;
    trustProxy?: boolean;
    /** Passed to createServer, over the test defaults. */
    server?: TestServerOptions;
    /**
     * The database the API uses, when not `test.database` itself: the same
     * database reached another way (through a fault proxy, or wrapped to
     * fail on cue). The job queue and the workers keep `test.database`.
     */
    serverDatabase?: Database;
    /** Retry policies of the queues, over their own (see `startJobQueue`). */
    retryPolicies?: Readonly<Record<string, RetryPolicy>>;
    /** The SMS sender's settings, over SMS_SETTINGS_DEFAULT. */
    smsSettings?: Partial<SmsSettings>;
    /**
     * Serve the SMS provider's webhooks, signed with this auth token, and ask
     * for status callbacks at this server's own address.
     */
    smsWebhooks?: { authToken: string };
  } = {},
): Promise<TestStack> {
  const db: Database = test.database;
  const jobs = await startJobQueue({
    database: db,
    ...(test.url === undefined ? {} : { postgresUrl: test.url }),
    logger: silentLogger,
    poolMax: 2,
    ...(options.retryPolicies === undefined ? {} : { retryPolicies: options.retryPolicies }),
  });
  let url = '';
  const app = await createServer({
    db: options.serverDatabase ?? db,
    jobs,
    clock: systemClock,
    passwordCost: TEST_PASSWORD_COST,
    pinKeyIterations: PIN_KEY_ITERATIONS_MIN,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...TEST_SERVER_DEFAULTS,
    ...options.server,
    // The port is known once listening; the routes read the URL per request.
    ...(options.smsWebhooks === undefined
      ? {}
      : {
          smsWebhooks: {
            authToken: options.smsWebhooks.authToken,
            get publicUrl() {
              return url;
            },
          },
        }),
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  const workers =
    options.workers === false
      ? null
      : await startWorkers({
          db,
          jobs,
          smsProvider: options.smsProvider ?? unreachableSmsProvider,
          clock: systemClock,
          random: cryptoRandom,
          logger: silentLogger,
          processOrder: { pollingIntervalSeconds: 0.5 },
          sendSms: { pollingIntervalSeconds: 0.5 },
          ...(options.smsSettings === undefined ? {} : { smsSettings: options.smsSettings }),
          publicUrl: options.smsWebhooks === undefined ? null : url,
        });
  return {
    url,
    app,
    jobs,
    workers,
    stop: async () => {
      await app.close();
      await workers?.stop();
      await jobs.stop();
    },
  };
}

/** A provider that is never reached: texts stay pending (for tests not about texts). */
export const unreachableSmsProvider: SmsProvider = {
  send: () => Promise.resolve({ kind: 'not-sent', message: 'no SMS provider in this test' }),
  find: () => Promise.resolve({ kind: 'unavailable', message: 'no SMS provider in this test' }),
};
