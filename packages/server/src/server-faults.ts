/**
 * Faults the server injects on purpose, for testing only. Each one breaks a
 * guarantee the server otherwise keeps, so that the simulator can prove its
 * checkers catch the breach: a checker never shown a failure may be checking
 * nothing. None is ever on in production; while any is on, the server says so
 * in a warning at start (`createServer`).
 */
export interface ServerFaults {
  /**
   * Ingest without the idempotency check, as a server without one would: a
   * push delivered twice (its answer lost, the device retrying) stores its
   * orders twice. A re-delivered order is stored under a fresh id the server
   * makes (the same device, device seq and content; `orders.id` is the
   * primary key), and the push answers "accepted" as usual, with the
   * device's own order id, so the device is satisfied and never notices.
   */
  readonly skipIdempotency?: boolean;
}

/** Every fault off: the server as it runs in production. */
export const NO_SERVER_FAULTS: Required<ServerFaults> = { skipIdempotency: false };

/** The names of the faults that are on, for the warning at start; empty when none is. */
export function serverFaultsOn(faults: Required<ServerFaults>): string[] {
  return Object.entries(faults)
    .filter(([, on]) => on)
    .map(([name]) => name);
}
