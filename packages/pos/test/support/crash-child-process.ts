/**
 * One life of `crash-child.ts`, driven from the test: the lines it prints,
 * and promises for the moments the test waits on (it says it is running,
 * it exits). Awaiting these is how the test waits; it never sleeps for them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/**
 * Node's compile cache, shared by every child: after the first, a child
 * starts in a third of the time, which is what makes hundreds of lives fast.
 */
const COMPILE_CACHE = join(tmpdir(), 'tabline-node-compile-cache');

/** How long a child may take to say it is running, or to exit once killed, before the test fails. */
export const CHILD_ANSWER_MS_MAX = 60_000;

export interface CrashChild {
  readonly process: ChildProcess;
  /** Ids of the orders placeOrder returned, as the child reported them. */
  readonly placed: string[];
  /** What each open found, as the child reported it. */
  readonly opened: { outcome: string; problems: unknown[] }[];
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves once the child said `running`. */
  readonly running: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCrashChild(args: readonly string[]): CrashChild {
  const child = spawn(process.execPath, [CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE },
  });
  const placed: string[] = [];
  const opened: CrashChild['opened'] = [];
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const running = Promise.withResolvers<void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line === 'running') running.resolve();
    else if (line.startsWith('placed ')) placed.push(line.slice('placed '.length));
    else if (line.startsWith('opened ')) {
      opened.push(JSON.parse(line.slice('opened '.length)) as CrashChild['opened'][number]);
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  void exited.then(() => running.reject(new Error(`the child exited before running: ${stderr}`)));
  running.promise.catch(() => {});
  return {
    process: child,
    placed,
    opened,
    lines,
    stderr: () => stderr,
    running: withDeadline(running.promise, 'say it is running'),
    exited: withDeadline(exited, 'exit'),
  };
}

/** Fails a wait that takes longer than CHILD_ANSWER_MS_MAX, so a stuck child fails the test instead of hanging it. */
function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  const deadline = AbortSignal.timeout(CHILD_ANSWER_MS_MAX);
  return Promise.race([
    promise,
    once(deadline, 'abort').then(() => {
      throw new Error(`the child did not ${what} within ${CHILD_ANSWER_MS_MAX} ms`);
    }),
  ]);
}
