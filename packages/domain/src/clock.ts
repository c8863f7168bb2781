/**
 * Source of the current time, in epoch milliseconds. Engine and domain code
 * never read the wall clock directly: the composition root passes
 * `systemClock`, tests and the simulator pass a clock they drive.
 */
export interface Clock {
  now(): number;
}
