import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.ts';
import type { LoadReading, LoadSignal } from './load-reading.ts';
import { routeClassOf } from './route-class.ts';
import type { RouteClass } from './route-class.ts';

/** The most load a request of one class is let in under; above any of them it is shed. */
export interface LoadLimits {
  readonly eventLoopDelayMsMax: number;
  readonly heapUsedRatioMax: number;
  readonly databaseWaitingMax: number;
}

export interface LoadSheddingOptions {
  /** Pulls, sign-in, pairing, admin, dashboards: shed first. */
  readonly other: LoadLimits;
  /** Pushes and single orders, the money path: shed only well after the rest. */
  readonly intake: LoadLimits;
  /** Sent as Retry-After with a shed request. */
  readonly retryAfterSeconds: number;
}

/**
 * Everything but intake is shed once a pool's worth of queries (10, the
 * default DATABASE_POOL_MAX) waits for a connection, the event loop runs
 * 250 ms late on average over a second (a loop busy all the time, in long
 * turns: a request then waits seconds for its few turns), or the heap is
 * 85 % full.
 */
export const LOAD_LIMITS_OTHER: LoadLimits = {
  eventLoopDelayMsMax: 250,
  heapUsedRatioMax: 0.85,
  databaseWaitingMax: 10,
};

/**
 * Intake is shed only at five times the database queue (50 waiting: a push
 * takes about three connection turns, so some 15 pushes queued behind the
 * ones running), at 1 s of event-loop delay, or with the heap 95 % full,
 * where going on risks the process itself.
 */
export const LOAD_LIMITS_INTAKE: LoadLimits = {
  eventLoopDelayMsMax: 1_000,
  heapUsedRatioMax: 0.95,
  databaseWaitingMax: 50,
};

/** Short: the overload of a burst passes in seconds, and the POS adds its own jitter. */
export const SHED_RETRY_AFTER_SECONDS = 2;

export const LOAD_SHEDDING_DEFAULT: LoadSheddingOptions = {
  other: LOAD_LIMITS_OTHER,
  intake: LOAD_LIMITS_INTAKE,
  retryAfterSeconds: SHED_RETRY_AFTER_SECONDS,
};

export type ShedReason = 'database' | 'event_loop' | 'heap';

/** Why a request of these limits is shed under this load, or null to let it in. */
export function shedReason(limits: LoadLimits, load: LoadReading): ShedReason | null {
  if (load.databaseWaiting > limits.databaseWaitingMax) return 'database';
  if (load.eventLoopDelayMs > limits.eventLoopDelayMsMax) return 'event_loop';
  if (load.heapUsedRatio > limits.heapUsedRatioMax) return 'heap';
  return null;
}

/**
 * Sheds load before it costs anything (an onRequest hook: no body read, no
 * database query): a request whose class is over its limits is answered 429
 * `server.overloaded` with Retry-After. 429, not 503: the refusal is
 * deliberate and says "come back shortly", as a rate limit does; 5xx stays
 * the signal of a failure, which monitoring and load balancers treat as
 * such. Health, readiness and metrics are never shed.
 */
export function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions,
  signal: LoadSignal,
  onShed: (reason: ShedReason, routeClass: RouteClass) => void,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const routeClass = routeClassOf(request);
    if (routeClass === 'exempt') return;
    const reason = shedReason(options[routeClass], signal());
    if (reason === null) return;
    onShed(reason, routeClass);
    reply.header('retry-after', String(options.retryAfterSeconds));
    return sendProblem(reply, 'server.overloaded', SHED_DETAILS[reason]);
  });
}

const SHED_DETAILS: Record<ShedReason, string> = {
  database: 'The database is saturated; retry after Retry-After.',
  event_loop: 'The server is saturated; retry after Retry-After.',
  heap: 'The server is short of memory; retry after Retry-After.',
};
