/**
 * What the bench process tells the steady push process of the processing
 * benchmark, and what it answers (`steady-push-main.ts`).
 */
import type { EventFixture } from '@tabline/testkit/event-fixture';
import type { LoadDevice } from './ingest-load-config.ts';

export interface SteadyPushConfig {
  readonly baseUrl: string;
  /** The event: its menu, location and attendees' bands. */
  readonly fixture: EventFixture;
  readonly devices: readonly LoadDevice[];
  /** Pushes of one order each, started on a fixed schedule whatever the answers. */
  readonly pushesPerSec: number;
  /** Pushed first and marked `warmUp`: pools, caches and JIT settle. */
  readonly warmUpSeconds: number;
  /** Length of the measured stream, after the warm-up. */
  readonly seconds: number;
  /** A push not answered by then counts as timed out (the POS gives up after 5 s). */
  readonly timeoutMs: number;
  readonly seed: number;
}

/** One push of one order, as the device saw it. */
export interface SteadyPush {
  readonly orderId: string;
  readonly warmUp: boolean;
  /** `200`, `429 server.overloaded`, `timeout`, `network-error`, … */
  readonly kind: string;
  readonly latencyMs: number;
  /** When the answer arrived, in milliseconds since the epoch (`Date.now()`, comparable across processes). */
  readonly answeredAtMs: number;
}
