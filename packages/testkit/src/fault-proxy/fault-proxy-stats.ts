/**
 * Counters of the fault-injecting proxy since it started, so tests and the
 * simulator can check a fault really happened ("3 responses were dropped").
 */
export interface FaultProxyStats {
  /** Connections the listener accepted (refused ones included). */
  connectionsAccepted: number;
  /** Connections currently open. */
  connectionsOpen: number;
  /** Connections reset on arrival: `refuse`, or the connection limit. */
  connectionsRefused: number;
  /** Connections accepted under `blackhole` (never connected onward). */
  connectionsBlackholed: number;
  /** Bytes delivered from clients to the target. */
  bytesClientToServer: number;
  /** Bytes delivered from the target to clients. */
  bytesServerToClient: number;
  /** Bytes discarded: swallowed by `blackhole` or part of a dropped response. */
  bytesSwallowed: number;
  /** Responses that started: the target answered after the client had sent bytes. */
  responses: number;
  /** Responses dropped by `dropResponses` or `dropResponseProbability`. */
  responsesDropped: number;
  /** Connections destroyed by `resetAll()`. */
  resets: number;
  /** Connections to the target that failed (refused, reset, other errors). */
  upstreamErrors: number;
}

export const emptyFaultProxyStats = (): FaultProxyStats => ({
  connectionsAccepted: 0,
  connectionsOpen: 0,
  connectionsRefused: 0,
  connectionsBlackholed: 0,
  bytesClientToServer: 0,
  bytesServerToClient: 0,
  bytesSwallowed: 0,
  responses: 0,
  responsesDropped: 0,
  resets: 0,
  upstreamErrors: 0,
});
