import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const TABLINE_BIN = fileURLToPath(new URL('../../bin/tabline.js', import.meta.url));

/**
 * Node's compile cache, shared by every child and kept between runs (Node
 * checks each entry against its source): a child then loads its modules in
 * about half the CPU time, which a test that starts a hundred worker
 * processes feels.
 */
const COMPILE_CACHE_DIR = join(tmpdir(), 'tabline-test-compile-cache');

/** How long a server process may take to come up (PGlite's first start runs initdb). */
const SERVER_START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON line (pino log entry) it printed so far. */
  logs(): readonly Record<string, unknown>[];
  /** SIGTERM (graceful: requests in flight finish) or SIGKILL; resolves on exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A `tabline serve --workers-only` process: no address. */
export type WorkerProcess = Omit<ServerProcess, 'url'>;

/**
 * Runs `tabline serve` (with `args`, e.g. `--api-only`) as a child process
 * and resolves once it logs that it is serving, with the address it logged.
 * Everything else it prints is kept to explain a failure.
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const { url, ...rest } = await startServe(env, args);
  if (url === null) throw new Error(`tabline serve ${args.join(' ')} runs no API`);
  return { url, ...rest };
}

/** Runs `tabline serve --workers-only` and resolves once it is serving. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const { url: _, ...rest } = await startServe(env, ['--workers-only']);
  return rest;
}

async function startServe(
  env: NodeJS.ProcessEnv,
  args: readonly string[],
): Promise<WorkerProcess & { url: string | null }> {
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
  const output: string[] = [];
  const entries: Record<string, unknown>[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output.join('')}`)),
      SERVER_START_TIMEOUT_MS,
    );
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${output.join('')}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line + '\n');
      const entry = parseJson(line);
      if (entry) entries.push(entry);
      if (entry?.['msg'] === 'tabline serving') {
        clearTimeout(timer);
        resolve(typeof entry['url'] === 'string' ? entry['url'] : null);
      }
    });
  });
  return {
    url,
    child,
    logs: () => entries,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs a `tabline` command to completion and returns its stdout. */
export async function runTabline(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [TABLINE_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0)
    throw new Error(`tabline ${args.join(' ')} exited with ${code}:\n${stderr}${stdout}`);
  return stdout;
}

/** The last line of output, as JSON. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed = parseJson(line);
  if (!parsed) throw new Error(`last line is not JSON: ${line}`);
  return parsed;
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
