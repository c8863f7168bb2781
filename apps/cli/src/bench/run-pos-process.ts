import { fileURLToPath } from 'node:url';
import { runBenchChild } from './run-bench-child.ts';

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
 * `flags` given: a POS is a device of its own, whose work does not share a
 * thread with the server it talks to.
 */
export function runPosProcess(
  flags: readonly string[],
  args: readonly string[],
): Promise<PosProcessReport> {
  return runBenchChild(`POS process ${args[0]}`, POS_PROCESS, args, flags);
}
