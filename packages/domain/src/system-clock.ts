import type { Clock } from './clock.ts';

/** The wall clock. Only composition roots should use it. */
export const systemClock: Clock = { now: () => Date.now() };
