import type { Database, JobQueue } from '@tabline/database';
import { PIN_KEY_ITERATIONS, cryptoRandom, newId } from '@tabline/domain';
import type { Clock, Random } from '@tabline/domain';
import { PASSWORD_COST_DEFAULT } from './auth/password.ts';
import type { PasswordCost } from './auth/password.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { LoadSignal } from './load/load-reading.ts';
import { LOAD_SHEDDING_DEFAULT } from './load/load-shedding.ts';
import type { LoadLimits, LoadSheddingOptions } from './load/load-shedding.ts';
import { RATE_LIMITS_DEFAULT } from './load/rate-limits.ts';
import { NO_SERVER_FAULTS } from './server-faults.ts';
import type { ServerFaults } from './server-faults.ts';
import type { RateLimits } from './load/rate-limits.ts';
import { TRANSACTION_RETRY_DEFAULT } from './retrying-database.ts';
import type { TransactionRetryPolicy } from './retrying-database.ts';
import type { SmsWebhookOptions } from './routes/sms-webhook-routes.ts';

/** Graceful shutdown waits this long for requests in flight, then cuts them. */
export const SHUTDOWN_GRACE_MS_DEFAULT = 10_000;

export interface ServerOptions {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  /** A pino logger; a silent one when absent. */
  readonly logger?: FastifyBaseLogger;
  /** How long graceful shutdown waits for requests in flight (SHUTDOWN_GRACE_MS_DEFAULT). */
  readonly shutdownGraceMs?: number;
  /**
   * Requests per device token and per client address (RATE_LIMIT_PER_DEVICE,
   * RATE_LIMIT_PER_ADDRESS); null turns one off. Counted per API process.
   */
  readonly rateLimits?: Partial<RateLimits>;
  /**
   * When requests are shed with 429 `server.overloaded`, per route class
   * (LOAD_LIMITS_OTHER, LOAD_LIMITS_INTAKE); each field can be set alone.
   */
  readonly loadShedding?: {
    readonly other?: Partial<LoadLimits>;
    readonly intake?: Partial<LoadLimits>;
    readonly retryAfterSeconds?: number;
  };
  /**
   * Where the load is read: by default the event loop and heap (sampled by
   * @fastify/under-pressure) and the database pool's queue. Tests pass their
   * own to put the server under a pressure they choose.
   */
  readonly loadSignal?: LoadSignal;
  /**
   * How transactions failing with a transient error are run again
   * (TRANSACTION_RETRY_DEFAULT); `retriesMax: 0` turns retrying off.
   */
  readonly transactionRetry?: Partial<TransactionRetryPolicy>;
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
  /** PBKDF2 iterations of new staff PINs; PIN_KEY_ITERATIONS by default (tests lower it). */
  readonly pinKeyIterations?: number;
  /**
   * The SMS provider's webhooks (status callbacks, STOP replies); without
   * them those routes do not exist and unknown sends are settled by search.
   */
  readonly smsWebhooks?: SmsWebhookOptions | null;
  /**
   * Faults to inject, for testing only: each breaks a guarantee on purpose
   * (see `ServerFaults`). All off by default; the server warns at start
   * while any is on.
   */
  readonly faults?: ServerFaults;
  /**
   * The web build to serve (the POS at /pos/, the dashboard at /dashboard/),
   * usually `apps/web/dist`; null or absent: the API alone.
   */
  readonly webAppsDir?: string | null;
}

export function resolveServerOptions(options: ServerOptions) {
  const random = options.random ?? cryptoRandom;
  return {
    ...options,
    shutdownGraceMs: options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS_DEFAULT,
    rateLimits: { ...RATE_LIMITS_DEFAULT, ...options.rateLimits },
    loadShedding: resolveLoadShedding(options.loadShedding),
    loadSignal: options.loadSignal ?? null,
    transactionRetry: { ...TRANSACTION_RETRY_DEFAULT, ...options.transactionRetry },
    trustProxy: options.trustProxy ?? false,
    random,
    passwordCost: options.passwordCost ?? PASSWORD_COST_DEFAULT,
    pinKeyIterations: options.pinKeyIterations ?? PIN_KEY_ITERATIONS,
    smsWebhooks: options.smsWebhooks ?? null,
    faults: { ...NO_SERVER_FAULTS, ...options.faults },
    webAppsDir: options.webAppsDir ?? null,
    newId: () => newId(options.clock, random),
  };
}

function resolveLoadShedding(options: ServerOptions['loadShedding'] = {}): LoadSheddingOptions {
  return {
    other: { ...LOAD_SHEDDING_DEFAULT.other, ...options.other },
    intake: { ...LOAD_SHEDDING_DEFAULT.intake, ...options.intake },
    retryAfterSeconds: options.retryAfterSeconds ?? LOAD_SHEDDING_DEFAULT.retryAfterSeconds,
  };
}
