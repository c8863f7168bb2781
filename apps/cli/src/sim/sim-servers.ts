/**
 * The server side of a simulation, as real processes: on PostgreSQL an API
 * process (`tabline serve --api-only`) and a workers process (`--workers-only`),
 * both reaching the database through a fault proxy (so connection resets
 * can be injected); on PGlite one process with both, the database in its
 * own process. The API keeps its port across kills, so the devices' proxies
 * and the SMS provider's callbacks find it again after a restart.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFaultProxy } from '@tabline/testkit';
import type { FakeSmsProvider, FaultProxy } from '@tabline/testkit';
import { createSeededRandom } from '@tabline/domain';
import { startServeProcess } from '../child/tabline-child.ts';
import type { ServerProcess } from '../child/tabline-child.ts';

export type SimServerRole = 'api' | 'workers';

export interface SimServersOptions {
  readonly seed: number;
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string }
    | { readonly kind: 'pglite'; readonly dataDir: string };
  readonly sms: FakeSmsProvider;
  /** Extra environment for every server process (fault injection). */
  readonly env: NodeJS.ProcessEnv;
}

export interface SimServers {
  /** The API's own address (the devices go through their proxies). */
  readonly apiUrl: string;
  readonly apiPort: number;
  /** The database proxy, on PostgreSQL. */
  readonly databaseProxy: FaultProxy | null;
  /** SIGKILLs a role's process (on PGlite both roles are one process). */
  kill(role: SimServerRole): Promise<void>;
  /** Starts a role's process again if it is down. */
  restart(role: SimServerRole): Promise<void>;
  isUp(role: SimServerRole): boolean;
  /** Stops everything gracefully. */
  stop(): Promise<void>;
}

/** Database connections per server process: small, two processes share one PostgreSQL. */
const POOL_MAX = 6;

export async function startSimServers(options: SimServersOptions): Promise<SimServers> {
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let databaseProxy: FaultProxy | null = null;
  let databaseEnv: NodeJS.ProcessEnv;
  if (options.database.kind === 'postgres') {
    const url = new URL(options.database.url);
    databaseProxy = await startFaultProxy({
      target: { host: url.hostname, port: Number(url.port || 5432) },
      random: createSeededRandom(options.seed ^ 0x5eed),
    });
    url.hostname = databaseProxy.host;
    url.port = String(databaseProxy.port);
    databaseEnv = { DATABASE_URL: url.toString(), DATABASE_POOL_MAX: String(POOL_MAX) };
  } else {
    databaseEnv = { DATABASE_URL: '', TABLINE_DATA_DIR: options.database.dataDir };
  }
  const env: NodeJS.ProcessEnv = {
    ...databaseEnv,
    PORT: String(apiPort),
    PUBLIC_URL: apiUrl,
    LOG_LEVEL: 'info',
    TWILIO_BASE_URL: options.sms.url,
    TWILIO_ACCOUNT_SID: options.sms.accountSid,
    TWILIO_AUTH_TOKEN: options.sms.authToken,
    TWILIO_FROM: '+15550100999',
    ...options.env,
  };
  const split = options.database.kind === 'postgres';
  const argsOf = (role: SimServerRole) =>
    split ? [role === 'api' ? '--api-only' : '--workers-only'] : [];
  /** The process of each role: on PGlite the same one. */
  const processes = new Map<SimServerRole, ServerProcess | null>();
  const roles: SimServerRole[] = split ? ['api', 'workers'] : ['api'];
  const key = (role: SimServerRole): SimServerRole => (split ? role : 'api');

  const start = async (role: SimServerRole) => {
    processes.set(key(role), await startServeProcess(env, argsOf(key(role))));
  };
  for (const role of roles) await start(role);

  const isUp = (role: SimServerRole) => {
    const process = processes.get(key(role));
    return !!process && process.child.exitCode === null && process.child.signalCode === null;
  };
  return {
    apiUrl,
    apiPort,
    databaseProxy,
    isUp,
    async kill(role) {
      await processes.get(key(role))?.stop('SIGKILL');
      processes.set(key(role), null);
    },
    async restart(role) {
      if (!isUp(role)) await start(role);
    },
    async stop() {
      await Promise.all(roles.map(async (role) => processes.get(role)?.stop('SIGTERM')));
      await databaseProxy?.close();
    },
  };
}

/** A port free now, for a process that must keep its port across restarts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
