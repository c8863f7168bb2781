/**
 * Options and faults of the fault-injecting TCP proxy, with every default in
 * one place (`resolveFaultProxyOptions`) and the checks on faults changed at
 * run time (`checkFaultPatch`).
 */
import { assert, cryptoRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import { LATENCY_MS_MAX } from './fault-proxy-limits.ts';

export interface FaultProxyTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * - `latencyMs`: added to every chunk, in each direction, order kept;
 * - `bytesPerSecond`: a bandwidth cap per direction and connection (null: none);
 * - `refuse`: new connections are reset as soon as they are accepted;
 * - `blackhole`: new connections are accepted and never connected onward;
 *   on open connections every chunk is swallowed in both directions. Nothing
 *   is answered: clients wait for their time-outs;
 * - `dropResponses`: the next N responses are dropped: the client's bytes
 *   reach the server, but when the server's answer starts, the proxy
 *   discards it and resets both sockets (the server did the work; the client
 *   never hears). Counts down as it is used;
 * - `dropResponseProbability`: the chance (0..1), drawn from the proxy's
 *   `Random`, that any other response is dropped the same way.
 */
export interface FaultProxyFaults {
  readonly latencyMs: number;
  readonly bytesPerSecond: number | null;
  readonly refuse: boolean;
  readonly blackhole: boolean;
  readonly dropResponses: number;
  readonly dropResponseProbability: number;
}

export const NO_FAULTS: FaultProxyFaults = {
  latencyMs: 0,
  bytesPerSecond: null,
  refuse: false,
  blackhole: false,
  dropResponses: 0,
  dropResponseProbability: 0,
};

export interface FaultProxyOptions {
  /** Where connections are forwarded. */
  target: FaultProxyTarget;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0, an ephemeral port chosen by the system. */
  port?: number;
  /** Faults to start with; default none. */
  faults?: Partial<FaultProxyFaults>;
  /** Draws for `dropResponseProbability`; pass a seeded one to replay a run. */
  random?: Random;
}

export interface ResolvedFaultProxyOptions {
  readonly target: FaultProxyTarget;
  readonly host: string;
  readonly port: number;
  readonly faults: FaultProxyFaults;
  readonly random: Random;
}

const isPort = (port: number): boolean => Number.isInteger(port) && port >= 0 && port <= 65535;

/** Asserts that a change of faults is valid: a bad value is a bug in the caller. */
export function checkFaultPatch(patch: Partial<FaultProxyFaults>): void {
  const { latencyMs, bytesPerSecond, dropResponses, dropResponseProbability } = patch;
  if (latencyMs !== undefined) {
    assert(Number.isInteger(latencyMs), 'latencyMs must be an integer');
    assert(latencyMs >= 0 && latencyMs <= LATENCY_MS_MAX, `latencyMs must be 0..${LATENCY_MS_MAX}`);
  }
  if (bytesPerSecond !== undefined && bytesPerSecond !== null) {
    assert(Number.isInteger(bytesPerSecond) && bytesPerSecond > 0, 'bytesPerSecond must be > 0');
  }
  if (dropResponses !== undefined) {
    assert(Number.isInteger(dropResponses) && dropResponses >= 0, 'dropResponses must be >= 0');
  }
  if (dropResponseProbability !== undefined) {
    const p = dropResponseProbability;
    assert(p >= 0 && p <= 1, 'dropResponseProbability must be in 0..1');
  }
}

export function resolveFaultProxyOptions(options: FaultProxyOptions): ResolvedFaultProxyOptions {
  const faults = options.faults ?? {};
  checkFaultPatch(faults);
  const resolved = {
    target: options.target,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    faults: { ...NO_FAULTS, ...faults },
    random: options.random ?? cryptoRandom,
  };
  assert(isPort(resolved.port), 'port must be 0..65535');
  assert(isPort(resolved.target.port) && resolved.target.port > 0, 'target.port must be 1..65535');
  return resolved;
}
