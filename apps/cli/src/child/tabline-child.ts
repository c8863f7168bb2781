/**
 * `tabline serve` as a real child process, for the simulator and the tests
 * that kill servers: started, awaited until it logs that it is serving,
 * stopped gracefully or killed. Everything it prints is kept to explain a
 * failure.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const TABLINE_BIN = fileURLToPath(new URL('../../bin/tabline.js', import.meta.url));

/**
 * Node's compile cache, shared by every child and kept between runs (Node
 * checks each entry against its source): a child then loads its modules in
 * about half the CPU time, which a run that starts a hundred processes feels.
 */
export const COMPILE_CACHE_DIR = join(tmpdir(), 'tabline-compile-cache');

/** How long a server process may take to come up (PGlite's first start runs initdb). */
const SERVER_START_TIMEOUT_MS = 60_000;

/** Log entries kept per process: enough to explain a failure, bounded for long runs. */
const LOG_ENTRIES_MAX = 5_000;
/** The end of its stderr kept, likewise. */
const STDERR_CHARS_MAX = 20_000;

export interface ServerProcess {
  /** The API's address, or null for `--workers-only`. */
  readonly url: string | null;
  readonly child: ChildProcess;
  /**
   * The JSON lines (pino log entries) it printed and this process has read,
   * the last LOG_ENTRIES_MAX. pino writes asynchronously: an entry can reach
   * the pipe after the database change it reports (and a SIGKILL loses what
   * was not written yet). Read them once `stop` has resolved to see all.
   */
  logs(): readonly Record<string, unknown>[];
  /** The end of what it wrote to stderr. */
  stderr(): string;
  /**
   * SIGTERM (graceful: requests in flight finish, logs are flushed) or
   * SIGKILL; resolves once it has exited and all it printed has been read.
   */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `tabline serve` (with `args`, e.g. `--api-only`) as a child process
 * and resolves once it logs that it is serving, with the address it logged.
 */
export async function startServeProcess(
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [TABLINE_BIN, 'serve', ...args], {
    env: {
      ...process.env,
      NODE_COMPILE_CACHE: COMPILE_CACHE_DIR,
      LOG_LEVEL: 'info',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const closed = once(child, 'close');
  const output: string[] = [];
  const entries: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_CHARS_MAX);
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string | null>((resolve, reject) => {
    const explain = () => output.join('') + stderr;
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${explain()}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${explain()}`));
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const entry = parseJsonObject(line);
      if (entry) {
        entries.push(entry);
        if (entries.length > LOG_ENTRIES_MAX) entries.shift();
      } else output.push(line + '\n');
      if (entry?.['msg'] === 'tabline serving') {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(typeof entry['url'] === 'string' ? entry['url'] : null);
      }
    });
  });
  return {
    url,
    child,
    logs: () => entries,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      await stopChild(child, signal);
      await closed;
    },
  };
}

const living = new Set<ChildProcess>();
let killingOnExit = false;

/**
 * SIGKILLs `child` if this process exits first, however it exits (a crash
 * included), so that a simulator or a test that dies leaves no servers or
 * devices running behind it.
 */
export function killOnExit(child: ChildProcess): void {
  if (!killingOnExit) process.once('exit', killLiving);
  killingOnExit = true;
  living.add(child);
  child.once('exit', () => living.delete(child));
}

function killLiving() {
  for (const child of living) child.kill('SIGKILL');
}

/** Sends `signal` and resolves once the child has exited (at once if it had). */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** A line as a JSON object, or null. */
export function parseJsonObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
