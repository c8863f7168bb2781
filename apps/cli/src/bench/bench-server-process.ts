import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeSmsProvider } from '@tabline/testkit';
import { readProcessMemory } from './read-process-memory.ts';
import type { ProcessMemory } from './read-process-memory.ts';

const TABLINE_BIN = fileURLToPath(new URL('../../bin/tabline.js', import.meta.url));

/** How long `tabline serve` may take to log that it is serving. */
const SERVER_START_TIMEOUT_MS = 60_000;

/** How long it may take to stop on SIGTERM (requests and jobs in flight finish) before SIGKILL. */
const SERVER_STOP_TIMEOUT_MS = 30_000;

/** Lines of its output kept to explain a failure. */
const OUTPUT_LINES_MAX = 200;

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
  const child = spawn(process.execPath, [TABLINE_BIN, 'serve'], {
    env: {
      ...process.env,
      TABLINE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      TWILIO_BASE_URL: sms.url,
      TWILIO_ACCOUNT_SID: sms.accountSid,
      TWILIO_AUTH_TOKEN: sms.authToken,
      TWILIO_FROM: '+15550100999',
      PUBLIC_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > OUTPUT_LINES_MAX) output.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`tabline serve ${why}:\n${output.join('\n')}`));
    const timer = setTimeout(() => fail('did not start'), SERVER_START_TIMEOUT_MS);
    child.once('exit', (code) => fail(`exited with ${code}`));
    const waitForServing = (line: string) => {
      const serving = servingUrl(line);
      if (serving === null) return;
      clearTimeout(timer);
      lines.off('line', waitForServing);
      resolve(serving);
    };
    lines.on('line', keep).on('line', waitForServing);
  });
  return {
    url,
    memory: () => {
      const memory = child.pid === undefined ? null : readProcessMemory(child.pid);
      if (memory === null) throw new Error("The server's memory is read from Linux's /proc");
      return memory;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The address in the `tabline serving` log line, or null for any other line. */
function servingUrl(line: string): string | null {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'tabline serving' && typeof entry.url === 'string' ? entry.url : null;
  } catch {
    return null;
  }
}
