import type { Database, JobQueue } from '@tabline/database';
import { cryptoRandom, newId } from '@tabline/domain';
import type { Clock, Random } from '@tabline/domain';
import { PASSWORD_COST_DEFAULT } from './auth/password.ts';
import type { PasswordCost } from './auth/password.ts';
import type { FastifyBaseLogger } from 'fastify';

export interface ServerOptions {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  /** A pino logger; a silent one when absent. */
  readonly logger?: FastifyBaseLogger;
  /** How long graceful shutdown waits for requests in flight. */
  readonly shutdownGraceMs?: number;
  /** Randomness for ids; the platform's cryptographic source by default. */
  readonly random?: Random;
  /**
   * Whether to take the client address from `X-Forwarded-For` (behind a load
   * balancer: true, or the proxy's addresses). Throttles and rate limits key
   * on that address. Off by default: a direct client could forge the header.
   */
  readonly trustProxy?: boolean | string;
  /** scrypt cost of new password hashes; OWASP's recommendation by default (tests lower it). */
  readonly passwordCost?: PasswordCost;
}

export function resolveServerOptions(options: ServerOptions) {
  const random = options.random ?? cryptoRandom;
  return {
    ...options,
    shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
    trustProxy: options.trustProxy ?? false,
    random,
    passwordCost: options.passwordCost ?? PASSWORD_COST_DEFAULT,
    newId: () => newId(options.clock, random),
  };
}
