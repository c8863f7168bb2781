import type { Clock } from '@tabline/domain';

/** A clock the test moves by hand, so ages and times are exact. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/** 2026-07-04T18:00:00.000Z: a festival evening. */
export const START_MS = Date.parse('2026-07-04T18:00:00.000Z');

export function createManualClock(startMs = START_MS): ManualClock {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
