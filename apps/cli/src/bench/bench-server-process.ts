import type { FakeSmsProvider } from '@tabline/testkit';
import { startServeProcess } from '../child/tabline-child.ts';
import { readProcessMemory } from './read-process-memory.ts';
import type { ProcessMemory } from './read-process-memory.ts';

/** How long it may take to stop on SIGTERM (requests and jobs in flight finish) before SIGKILL. */
const SERVER_STOP_TIMEOUT_MS = 30_000;

/** `tabline serve` in a child process, whose memory the bench can read. */
export interface BenchServerProcess {
  readonly url: string;
  /** Its resident memory now and its peak so far. */
  memory(): ProcessMemory;
  /** SIGTERM, as an orchestrator stops it; SIGKILL after SERVER_STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/**
 * Runs `tabline serve` (the API and the workers in one process, as
 * production runs it) on a PostgreSQL database, sending texts to a fake
 * Twilio, and resolves once it logs that it is serving. Everything is as in
 * production (its pool of 10 connections, the rate limits, load shedding,
 * worker settings, logs at `info`) but two things: the client address is
 * taken from X-Forwarded-For, so that each simulated device has its own,
 * and no SMS webhooks are served (no PUBLIC_URL).
 */
export async function startBenchServerProcess(
  databaseUrl: string,
  sms: FakeSmsProvider,
  dataDir: string,
): Promise<BenchServerProcess> {
  const server = await startServeProcess({
    TABLINE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    TRUST_PROXY: 'true',
    TWILIO_BASE_URL: sms.url,
    TWILIO_ACCOUNT_SID: sms.accountSid,
    TWILIO_AUTH_TOKEN: sms.authToken,
    TWILIO_FROM: '+15550100999',
    PUBLIC_URL: '',
  });
  const { child } = server;
  return {
    url: server.url!,
    memory: () => {
      const memory = child.pid === undefined ? null : readProcessMemory(child.pid);
      if (memory === null) throw new Error("The server's memory is read from Linux's /proc");
      return memory;
    },
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
      await server.stop('SIGTERM');
      clearTimeout(timer);
    },
  };
}
