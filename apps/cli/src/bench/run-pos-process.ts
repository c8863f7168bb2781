import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const POS_PROCESS = fileURLToPath(new URL('./pos-process-main.ts', import.meta.url));

/** What `pos-process-main.ts` prints when it is done: see there. */
export interface PosProcessReport {
  readonly mode: 'fill' | 'drain';
  readonly peakRssBytes: number;
  /** How long the work took inside the process, from its first placeOrder or sync to its last. */
  readonly seconds: number;
}

/**
 * Runs `pos-process-main.ts` with `args` in a process of its own, with the V8
 * `flags` given, and answers the report it prints last. A POS is a device of
 * its own: its work does not share a thread with the server it talks to.
 */
export async function runPosProcess(
  flags: readonly string[],
  args: readonly string[],
): Promise<PosProcessReport> {
  const child = spawn(process.execPath, [...flags, POS_PROCESS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`POS process ${args[0]} failed (${code}):\n${stderr}`);
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as PosProcessReport;
}
