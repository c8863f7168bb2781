/**
 * What the bench process tells the load process of the ingest benchmark,
 * and what it answers (`ingest-load-main.ts`).
 */

/** One simulated POS: its own token, and the address its requests come from. */
export interface LoadDevice {
  readonly token: string;
  /** Sent as X-Forwarded-For (the server trusts it in the bench), so per-address limits see 50 clients. */
  readonly address: string;
}

export interface IngestLoadConfig {
  readonly baseUrl: string;
  readonly devices: readonly LoadDevice[];
  readonly bands: readonly string[];
  /**
   * `closed`: each device pushes, waits for the answer, pushes again (one
   * push in flight per device, as the sync protocol has it). `open`: pushes
   * start at `pushesPerSec` whatever the answers, spread over the devices.
   */
  readonly mode: 'closed' | 'open';
  readonly seconds: number;
  readonly pushesPerSec: number;
  readonly batchItems: number;
  /** The first `deviceSeq` of each device in this run. */
  readonly seqStart: number;
  readonly seed: number;
  /** A request not answered by then counts as timed out (the POS gives up after 5 s). */
  readonly timeoutMs: number;
  /** Where the payloads of accepted pushes are written, one JSON per line (closed mode only). */
  readonly payloadsFile: string | null;
}

export interface IngestLoadFigures {
  readonly seconds: number;
  readonly pushes: number;
  readonly acceptedPushes: number;
  readonly acceptedOrders: number;
  /** Latency of accepted pushes (200), milliseconds. */
  readonly acceptedP50Ms: number;
  readonly acceptedP99Ms: number;
  readonly acceptedMaxMs: number;
  /** Answers by `status code` (`200`, `429 server.overloaded`, …), `timeout` and `network-error`. */
  readonly answers: Readonly<Record<string, number>>;
}
