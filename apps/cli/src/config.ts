import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseLocation } from '@tabline/database';
import type { ServerFaults } from '@tabline/server';

/**
 * The composition root's configuration: the only place that reads
 * `process.env`. It validates everything up front and fails fast with a
 * message that says what to fix.
 */
export interface Config {
  /** Where local state lives: the PGlite data, the demo credentials, POS files. */
  readonly dataDir: string;
  readonly database: DatabaseLocation;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /**
   * Whom to believe about the client address (`X-Forwarded-For`): false
   * (nobody: direct clients), true (any proxy) or a proxy's addresses. The
   * sign-in and pairing throttles key on that address.
   */
  readonly trustProxy: boolean | string;
  /** Port of the fake SMS provider `tabline start` runs when TWILIO_* is unset. */
  readonly fakeSmsPort: number;
  /** Null when no SMS provider is configured (`start` then runs the fake one). */
  readonly twilio: TwilioConfig | null;
  /**
   * The API's address as the SMS provider reaches it (PUBLIC_URL), for its
   * status callbacks and STOP replies; null: no webhooks, sends whose answer
   * was lost are settled by searching the provider's messages.
   */
  readonly publicUrl: string | null;
  /**
   * Faults the server injects on purpose, for testing only
   * (TABLINE_FAULT_*; see OPERATING.md, "Fault injection"). All off unless set.
   */
  readonly serverFaults: Required<ServerFaults>;
  /**
   * The web build the API serves (the POS at /pos/, the dashboard at
   * /dashboard/): TABLINE_WEB_DIR, else `apps/web/dist` when it has been
   * built (`npm start` builds it first); null: the API alone.
   */
  readonly webAppsDir: string | null;
}

/** Where `npm run build -w @tabline/web` puts the apps. */
const WEB_BUILD_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface TwilioConfig {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly from: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env['TABLINE_DATA_DIR'] ?? '.tabline');
  return {
    dataDir,
    database: readDatabase(env, dataDir),
    host: env['HOST'] ?? '127.0.0.1',
    port: readPort(env['PORT'] ?? '3000', 'PORT'),
    logLevel: readLogLevel(env['LOG_LEVEL'] ?? 'info'),
    trustProxy: readTrustProxy(env['TRUST_PROXY']),
    fakeSmsPort: readPort(env['FAKE_SMS_PORT'] ?? '4010', 'FAKE_SMS_PORT'),
    twilio: readTwilio(env),
    publicUrl: readPublicUrl(env['PUBLIC_URL']),
    serverFaults: {
      skipIdempotency: readSwitch(
        env['TABLINE_FAULT_SKIP_IDEMPOTENCY'],
        'TABLINE_FAULT_SKIP_IDEMPOTENCY',
      ),
    },
    webAppsDir: readWebAppsDir(env['TABLINE_WEB_DIR']),
  };
}

function readWebAppsDir(value: string | undefined): string | null {
  if (value === undefined || value === '') {
    return existsSync(resolve(WEB_BUILD_DIR, 'pos', 'index.html')) ? WEB_BUILD_DIR : null;
  }
  const dir = resolve(value);
  if (!existsSync(resolve(dir, 'pos', 'index.html'))) {
    throw new ConfigError(
      `TABLINE_WEB_DIR (${dir}) holds no web build: run npm run build -w @tabline/web.`,
    );
  }
  return dir;
}

/** A fault switch: 1 on, 0 or unset off; anything else is a mistake worth stopping for. */
function readSwitch(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new ConfigError(`${name} must be 1 (on) or 0 (off), not "${value}".`);
}

function readTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(value)) {
    throw new ConfigError(
      'TRUST_PROXY must be true, false, or proxy addresses (CIDR), comma-separated.',
    );
  }
  return value;
}

function readDatabase(env: NodeJS.ProcessEnv, dataDir: string): DatabaseLocation {
  const url = env['DATABASE_URL'];
  if (url === undefined || url === '')
    return { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') };
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      'DATABASE_URL must be a postgres:// URL (or unset for the embedded PGlite).',
    );
  }
  const poolMax = env['DATABASE_POOL_MAX'];
  return {
    kind: 'postgres',
    url,
    ...(poolMax === undefined ? {} : { poolMax: readPositiveInt(poolMax, 'DATABASE_POOL_MAX') }),
  };
}

function readTwilio(env: NodeJS.ProcessEnv): TwilioConfig | null {
  const accountSid = env['TWILIO_ACCOUNT_SID'];
  const authToken = env['TWILIO_AUTH_TOKEN'];
  const from = env['TWILIO_FROM'];
  const set = [accountSid, authToken, from].filter((value) => value !== undefined && value !== '');
  if (set.length === 0) return null;
  if (set.length < 3) {
    throw new ConfigError(
      'Set all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or none.',
    );
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid!)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID must be AC followed by 32 hexadecimal digits.');
  }
  const baseUrl = env['TWILIO_BASE_URL'] ?? 'https://api.twilio.com';
  if (!/^https?:\/\//.test(baseUrl))
    throw new ConfigError('TWILIO_BASE_URL must be an http(s) URL.');
  return { baseUrl, accountSid: accountSid!, authToken: authToken!, from: from! };
}

function readPublicUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!/^https?:\/\/[^/?#]+$/.test(value.replace(/\/+$/, ''))) {
    throw new ConfigError('PUBLIC_URL must be an http(s) origin such as https://pos.example.com.');
  }
  return value.replace(/\/+$/, '');
}

function readPort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function readPositiveInt(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new ConfigError(`${name} must be a whole number of at least 1, not "${value}".`);
  }
  return number;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function readLogLevel(value: string): string {
  if (!LOG_LEVELS.includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  return value;
}

export interface BenchConfig {
  /** A PostgreSQL server and a user who may create databases, for the benchmarks. */
  readonly postgresUrl: string;
}

export function readBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const url =
    env['BENCH_DATABASE_URL'] ??
    env['TEST_DATABASE_URL'] ??
    'postgres://postgres@127.0.0.1:5432/test';
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new ConfigError('BENCH_DATABASE_URL must be a postgres:// URL.');
  return { postgresUrl: url };
}
