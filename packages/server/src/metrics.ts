import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { JobQueue, SqlClient } from '@tabline/database';
import { QUEUES } from '@tabline/database';

/**
 * Prometheus metrics of one API process, served at GET /metrics. Labels are
 * bounded: the route pattern (never the raw URL), the status class, outcome
 * and error codes from the documented tables.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  /** One work item's outcome in a push. */
  itemOutcome(outcome: 'accepted' | 'rejected' | 'replayed', code?: string): void;
  /** A request refused before it was handled: which limit, shed reason, or shutdown. */
  refused(reason: RefusalReason): void;
  /** A transaction that failed with a transient error, run again or given up. */
  transactionRetry(outcome: 'retried' | 'gave_up'): void;
}

export type RefusalReason =
  | 'rate_limit_device'
  | 'rate_limit_address'
  | 'shed_database'
  | 'shed_event_loop'
  | 'shed_heap'
  | 'shutting_down';

export function createServerMetrics(jobs: JobQueue, db: SqlClient): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tabline_' });
  const items = new Counter({
    name: 'tabline_push_items_total',
    help: 'Work items pushed by devices, by outcome (accepted, rejected, replayed) and error code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'tabline_requests_refused_total',
    help: 'Requests refused before handling, by reason (rate limits, load shedding, shutdown).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'tabline_transaction_retries_total',
    help: 'Transactions that failed with a transient database error, by outcome (retried, gave_up).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'tabline_queue_jobs',
    help: 'Jobs in each queue by state (queued, active, failed), read at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const queue of QUEUES) {
        for (const name of [queue.name, queue.deadLetter]) {
          const depth = await jobs.depth({ ...queue, name });
          for (const [state, count] of Object.entries(depth))
            this.set({ queue: name, state }, count);
        }
      }
    },
  });
  new Gauge({
    name: 'tabline_tab_discrepancies_open',
    help: 'Tabs whose balance differs from their ledger, found by reconciliation and not resolved (alert on > 0).',
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ open: number }>(
        'select count(*)::int8 as open from tab_discrepancies where resolved_at is null',
      );
      this.set(rows[0]!.open);
    },
  });
  return {
    registry,
    itemOutcome: (outcome, code = '') => items.inc({ outcome, code }),
    refused: (reason) => refusals.inc({ reason }),
    transactionRetry: (outcome) => retries.inc({ outcome }),
  };
}

/** Request counts and latency by route and status class, and the /metrics route. */
export function registerMetrics(app: FastifyInstance, metrics: ServerMetrics) {
  const requests = new Histogram({
    name: 'tabline_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}
