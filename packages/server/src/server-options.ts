import type { Database, JobQueue } from '@tabline/database';
import type { Clock } from '@tabline/domain';
import type { FastifyBaseLogger } from 'fastify';

export interface ServerOptions {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  /** A pino logger; a silent one when absent. */
  readonly logger?: FastifyBaseLogger;
  /** How long graceful shutdown waits for requests in flight. */
  readonly shutdownGraceMs?: number;
}

export function resolveServerOptions(options: ServerOptions) {
  return {
    ...options,
    shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
  };
}
