import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { migrate, openDatabase, startJobQueue } from '@tabline/database';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { startWorkers } from '@tabline/workers';
import type { SmsProvider, Workers } from '@tabline/workers';
import type { Config } from './config.ts';

export type ServerRole = 'all' | 'api' | 'workers';

export interface RunningServer {
  /** The API's address, or null when this process runs only workers. */
  readonly url: string | null;
  readonly database: Awaited<ReturnType<typeof openDatabase>>;
  stop(): Promise<void>;
}

/**
 * Starts the server side: migrates the database, starts the job queue, then
 * the API and/or the workers. API and worker processes are stateless; run as
 * many of each as needed against one PostgreSQL. (PGlite is one process.)
 */
export async function runServer(
  config: Config,
  options: {
    role: ServerRole;
    logger: PinoLogger;
    smsProvider: SmsProvider;
    /** The provider's auth token, which signs its webhooks; null: none served. */
    smsAuthToken: string | null;
    /** Where the provider reaches the API (PUBLIC_URL); null: no webhooks. */
    publicUrl: string | null;
  },
): Promise<RunningServer> {
  const { logger } = options;
  const database = await openDatabase(config.database, logger);
  const report = await migrate(database);
  if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
  const jobs = await startJobQueue({
    database,
    ...(config.database.kind === 'postgres' ? { postgresUrl: config.database.url } : {}),
    logger,
  });
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (options.role !== 'workers') {
    // Loaded only here: the API's modules take longer to load (about 0.3 s)
    // than the rest of a worker process's start, and a worker restarted after
    // a crash should be back at work at once.
    const { createServer } = await import('@tabline/server');
    app = await createServer({
      db: database,
      jobs,
      clock: systemClock,
      logger,
      trustProxy: config.trustProxy,
      faults: config.serverFaults,
      webAppsDir: config.webAppsDir,
      smsWebhooks:
        options.smsAuthToken !== null && options.publicUrl !== null
          ? { authToken: options.smsAuthToken, publicUrl: options.publicUrl }
          : null,
    });
    url = await app.listen({ host: config.host, port: config.port });
  }
  let workers: Workers | null = null;
  if (options.role !== 'api') {
    workers = await startWorkers({
      db: database,
      jobs,
      smsProvider: options.smsProvider,
      publicUrl: options.smsAuthToken === null ? null : options.publicUrl,
      clock: systemClock,
      random: cryptoRandom,
      logger,
    });
  }
  logger.info({ url, role: options.role, database: config.database.kind }, 'tabline serving');
  return {
    url,
    database,
    stop: async () => {
      // Stop taking requests and let those in flight finish, then the
      // workers finish their jobs, then the queue and the database close.
      await app?.close();
      await workers?.stop();
      await jobs.stop();
      await database.close();
    },
  };
}
