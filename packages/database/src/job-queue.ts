import { createHash } from 'node:crypto';
import { PgBoss, fromPglite } from 'pg-boss';
import type { Job, JobResult, WorkOptions } from 'pg-boss';
import type { Logger } from '@tabline/domain';
import { preparedStatement } from './database.ts';
import type { Database, PreparedStatement, Transaction } from './database.ts';
import { pgliteOf } from './pglite-database.ts';
import { JOB_SUPERVISE_INTERVAL_SECONDS, QUEUES } from './queues.ts';
import type { QueueDefinition } from './queues.ts';

export interface JobQueueOptions {
  readonly database: Database;
  /** Required on PostgreSQL: pg-boss keeps its own small pool there. */
  readonly postgresUrl?: string;
  readonly logger: Logger;
  /** Connections of pg-boss's own pool on PostgreSQL. */
  readonly poolMax?: number;
  /**
   * Retry policies to use instead of the queues' own, by queue name: tests
   * that drive jobs into the dead-letter queue do it in milliseconds.
   */
  readonly retryPolicies?: Readonly<Record<string, RetryPolicy>>;
}

/** How a queue retries a failed job before it dead-letters it. */
export type RetryPolicy = Pick<
  QueueDefinition<object>,
  'retryLimit' | 'retryDelay' | 'retryBackoff' | 'retryDelayMax'
>;

/**
 * The job queue (pg-boss) in the same database as the data. `enqueue` runs
 * inside the caller's transaction, so a job exists exactly when the data it
 * is about was committed.
 */
export interface JobQueue {
  enqueue<Payload extends object>(
    tx: Transaction,
    queue: QueueDefinition<Payload>,
    payloads: readonly Payload[],
    options?: EnqueueOptions,
  ): Promise<void>;
  /**
   * Runs `handler` for each job, fetched in batches. Each job is settled on
   * its own: one that throws is retried (then dead-lettered) without taking
   * the rest of its batch with it.
   */
  workEach<Payload extends object>(
    queue: QueueDefinition<Payload>,
    options: WorkEachOptions,
    handler: (payload: Payload, job: Job<Payload>) => Promise<void>,
  ): Promise<string>;
  /**
   * Counts of jobs by state now, for readiness and metrics (pg-boss's own
   * counts are cached for up to a minute).
   */
  depth(
    queue: QueueDefinition<object>,
  ): Promise<{ queued: number; active: number; failed: number }>;
  readonly boss: PgBoss;
  stop(): Promise<void>;
}

export interface EnqueueOptions {
  /** Run the jobs no sooner than this many seconds from now (database time). */
  readonly startAfterSeconds?: number;
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const boss = createBoss(options);
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const queue of QUEUES) await ensureQueue(boss, withRetryPolicy(queue, options));
  return {
    boss,
    enqueue: async (tx, queue, payloads, enqueueOptions = {}) => {
      if (payloads.length === 0) return;
      if (!QUEUES.some((known) => known.name === queue.name)) {
        throw new Error(`Invariant violated: ${queue.name} is not one of the queues`);
      }
      // pg-boss answers some failed inserts (a check violation, a missing
      // table) by reading its queues again on its own connection. Inside the
      // caller's transaction on PGlite, whose one connection that transaction
      // holds, the read waits for the transaction and the transaction for the
      // read: the process hangs. So pg-boss sees only a plain error, and the
      // caller gets the database's own, to retry or roll back.
      //
      // The insert's text is fixed for a queue, and a push runs it every
      // time: it is prepared.
      let failed: { error: unknown } | null = null;
      const db = {
        executeSql: (text: string, values?: unknown[]) =>
          tx.query(jobStatement(text), values).catch((error: unknown) => {
            failed = { error };
            throw new Error('The job insert failed');
          }),
      };
      try {
        await boss.insert(
          queue.name,
          payloads.map((data) =>
            enqueueOptions.startAfterSeconds === undefined
              ? { data }
              : { data, startAfter: enqueueOptions.startAfterSeconds },
          ),
          { db },
        );
      } catch (error) {
        throw failed === null ? error : (failed as { error: unknown }).error;
      }
    },
    workEach: (queue, workOptions, handler) =>
      boss.work(queue.name, { ...workOptions, perJobResults: true }, (jobs) =>
        settleEach(jobs as Job<never>[], handler),
      ),
    depth: (queue) => countJobs(options.database, queue.name),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

const jobStatements = new Map<string, PreparedStatement>();

/** A statement of pg-boss's, prepared under a name made from its text. */
function jobStatement(text: string): PreparedStatement {
  let statement = jobStatements.get(text);
  if (statement === undefined) {
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
    statement = preparedStatement(`pg-boss-${digest}`, text);
    jobStatements.set(text, statement);
  }
  return statement;
}

/** The queue with the retry policy the options give it, if any, in place of its own. */
function withRetryPolicy(queue: QueueDefinition<object>, options: JobQueueOptions) {
  const policy = options.retryPolicies?.[queue.name];
  if (!policy) return queue;
  const {
    retryLimit: _limit,
    retryDelay: _delay,
    retryBackoff: _backoff,
    retryDelayMax: _max,
    ...rest
  } = queue;
  return { ...rest, ...policy };
}

/** pg-boss keeps its jobs in this schema (its default). */
export const JOB_SCHEMA = 'pgboss';

async function countJobs(database: Database, name: string) {
  const { rows } = await database.query<{ state: string; n: number }>(
    `select state, count(*)::int8 as n from ${JOB_SCHEMA}.job
     where name = $1 and state in ('created', 'retry', 'active', 'failed') group by state`,
    [name],
  );
  const count = (...states: string[]) =>
    rows.filter((row) => states.includes(row.state)).reduce((sum, row) => sum + row.n, 0);
  return { queued: count('created', 'retry'), active: count('active'), failed: count('failed') };
}

export type WorkEachOptions = Omit<WorkOptions, 'perJobResults' | 'transactional'>;

async function settleEach<Payload extends object>(
  jobs: Job<Payload>[],
  handler: (payload: Payload, job: Job<Payload>) => Promise<void>,
): Promise<JobResult[]> {
  const results: JobResult[] = [];
  for (const job of jobs) {
    try {
      await handler(job.data, job);
      results.push({ id: job.id, status: 'completed' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ id: job.id, status: 'failed', output: { message } });
    }
  }
  return results;
}

function createBoss(options: JobQueueOptions): PgBoss {
  const common = {
    useListenNotify: true,
    persistWarnings: false,
    // Both, so that jobs whose heartbeat stopped are found within seconds (see queues.ts).
    superviseIntervalSeconds: JOB_SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: JOB_SUPERVISE_INTERVAL_SECONDS,
  } as const;
  if (options.database.kind === 'pglite') {
    return new PgBoss({ ...common, db: fromPglite(pgliteOf(options.database)), backend: 'pglite' });
  }
  if (!options.postgresUrl) throw new Error('The job queue needs the PostgreSQL URL');
  return new PgBoss({
    ...common,
    connectionString: options.postgresUrl,
    max: options.poolMax ?? 4,
    application_name: 'tabline-jobs',
  });
}

/**
 * Creates a queue and its dead-letter queue, or brings their options up to
 * date: a database made by an earlier release gets the current retry policy
 * and heartbeat (jobs already enqueued keep the options they were sent
 * with). Processes starting together may race to create one: the loser finds
 * it created and updates it instead.
 */
async function ensureQueue(boss: PgBoss, queue: QueueDefinition<object>) {
  const { name, deadLetter, ...policy } = queue;
  await createOrUpdate(boss, deadLetter, { retryLimit: 0 });
  await createOrUpdate(boss, name, { ...policy, deadLetter, notify: true });
}

type QueueOptions = Parameters<PgBoss['updateQueue']>[1] &
  NonNullable<Parameters<PgBoss['createQueue']>[1]>;

async function createOrUpdate(boss: PgBoss, name: string, options: QueueOptions) {
  if (await boss.getQueue(name)) {
    await boss.updateQueue(name, options);
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
    await boss.updateQueue(name, options);
  }
}
