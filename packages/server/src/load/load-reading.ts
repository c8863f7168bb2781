import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Database } from '@tabline/database';

/** How loaded this API process is now. */
export interface LoadReading {
  /** Mean event-loop delay over the last sample interval, in milliseconds. */
  readonly eventLoopDelayMs: number;
  /** V8 heap in use over the heap's limit, 0 to 1. */
  readonly heapUsedRatio: number;
  /** Queries and transactions waiting for a database connection. */
  readonly databaseWaiting: number;
}

/**
 * Reads the load at the moment a request arrives. It must be cheap and
 * synchronous: it runs on every request. Tests pass their own to put the
 * server under a pressure they choose, without timing anything.
 */
export type LoadSignal = () => LoadReading;

/** How often @fastify/under-pressure samples the event-loop delay and the heap. */
export const LOAD_SAMPLE_INTERVAL_MS = 1_000;

/**
 * The process's own load signal: @fastify/under-pressure samples the event
 * loop and the heap (registered without thresholds, it only measures; the
 * shedding decision is ours, per route class, see `load-shedding.ts`), and
 * the database's pool says how many wait for a connection right now.
 */
export async function registerLoadSignal(app: FastifyInstance, db: Database): Promise<LoadSignal> {
  await app.register(underPressure, { sampleInterval: LOAD_SAMPLE_INTERVAL_MS });
  const heapLimitBytes = getHeapStatistics().heap_size_limit;
  return () => {
    const usage = app.memoryUsage();
    return {
      eventLoopDelayMs: usage.eventLoopDelay,
      heapUsedRatio: usage.heapUsed / heapLimitBytes,
      databaseWaiting: db.stats().waiting,
    };
  };
}
