import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Runs `node <flags> <script> <args>` in a process of its own, for the parts
 * of a benchmark that must not share the bench's thread (a device, a load
 * generator), and answers the JSON of the last line it printed. A child that
 * exits with an error fails the bench with its stderr.
 */
export async function runBenchChild<T>(
  label: string,
  script: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<T> {
  const child = spawn(process.execPath, [...flags, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the answer is read whole only once stdout is closed.
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${label} failed (${code}):\n${stderr}`);
  const last = stdout.trim().split('\n').at(-1);
  if (last === undefined || last === '') throw new Error(`${label} printed no answer`);
  return JSON.parse(last) as T;
}
