import type { Clock } from '@tabline/domain';
import type { Scheduler } from '../../src/scheduler.ts';
import { START_MS } from './manual-clock.ts';

/**
 * A clock and timers the test moves by hand. `advance` fires every timer due
 * within the span in time order, letting the promises each one starts settle
 * before the next, so a test reads as a timeline with exact times.
 */
export interface ManualTime {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  advance(ms: number): Promise<void>;
  /** When the earliest timer is due, or null. */
  nextTimerAt(): number | null;
  /** Lets pending promise callbacks run (no time passes). */
  settle(): Promise<void>;
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export function createManualTime(startMs = START_MS): ManualTime {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const settle = () => new Promise<void>((resolve) => yieldToEventLoop(resolve));
  const earliest = () => [...timers.values()].sort((a, b) => a.at - b.at || a.id - b.id)[0] ?? null;
  return {
    clock: { now: () => now },
    scheduler: {
      setTimeout: (callback, delayMs) => {
        const timer = { id: nextId++, at: now + Math.max(0, delayMs), callback };
        timers.set(timer.id, timer);
        return { id: timer.id };
      },
      clearTimeout: (handle) => {
        timers.delete((handle as unknown as { id: number }).id);
      },
    },
    advance: async (ms) => {
      const target = now + ms;
      await settle();
      for (let timer = earliest(); timer && timer.at <= target; timer = earliest()) {
        timers.delete(timer.id);
        now = timer.at;
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
    nextTimerAt: () => earliest()?.at ?? null,
    settle,
  };
}

/**
 * Runs `callback` once everything already queued has run: Node's
 * `setImmediate`, or a zero-delay timer in a browser, which has none.
 */
function yieldToEventLoop(callback: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(callback);
  else setTimeout(callback, 0);
}
