import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { TABLINE_BIN, parseJsonObject, startServeProcess } from '../../src/child/tabline-child.ts';
import type { ServerProcess as AnyServerProcess } from '../../src/child/tabline-child.ts';

/** A `tabline serve` process with an API. */
export type ServerProcess = AnyServerProcess & { readonly url: string };

/** A `tabline serve --workers-only` process: no address. */
export type WorkerProcess = Omit<AnyServerProcess, 'url'>;

/**
 * Runs `tabline serve` (with `args`, e.g. `--api-only`) as a child process
 * and resolves once it logs that it is serving, with the address it logged.
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const started = await startServeProcess(env, args);
  const { url } = started;
  if (url === null) throw new Error(`tabline serve ${args.join(' ')} runs no API`);
  return { ...started, url };
}

/** Runs `tabline serve --workers-only` and resolves once it is serving. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  return startServeProcess(env, ['--workers-only']);
}

/** Runs a `tabline` command to completion: its exit code and output. */
export async function spawnTabline(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [TABLINE_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Runs a `tabline` command to completion and returns its stdout; throws unless it exits 0. */
export async function runTabline(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { code, stdout, stderr } = await spawnTabline(args, env);
  if (code !== 0)
    throw new Error(`tabline ${args.join(' ')} exited with ${code}:\n${stderr}${stdout}`);
  return stdout;
}

/** The last line of output, as JSON. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed = parseJsonObject(line);
  if (!parsed) throw new Error(`last line is not JSON: ${line}`);
  return parsed;
}
