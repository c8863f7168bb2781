/**
 * How the engine reaches the server: one request per call, no retries of its
 * own (the engine decides when to try again) and no exceptions for failures
 * of the network or the server, which come back as values.
 *
 * A transport that throws has a bug: the error propagates out of `sync()` or
 * `pull()`, and queued work items stay queued.
 */
import type { Result } from '@tabline/domain';
import type { PullQuery, PullResponse, PushRequest, PushResponse } from '@tabline/protocol';

export interface SyncTransport {
  /** Sends one batch of work items; resolves with the server's answer or why there is none. */
  push(request: PushRequest, signal: AbortSignal): Promise<TransportResult<PushResponse>>;
  /** Fetches one page of catalog changes. */
  pull(query: PullQuery, signal: AbortSignal): Promise<TransportResult<PullResponse>>;
}

/**
 * Why a request got no usable answer:
 * - `network`: it failed to reach the server or the answer was lost (also when
 *   the caller aborted it). The server may or may not have committed it.
 * - `timeout`: no complete answer within the time-out; as unknown as `network`.
 * - `http`: the server answered with an error status (4xx, 5xx).
 * - `invalid-response`: the server answered 2xx with something that is not
 *   the expected message (not JSON, wrong schema, wrong items).
 */
export const TRANSPORT_FAILURE_KINDS = ['network', 'timeout', 'http', 'invalid-response'] as const;
export type TransportFailureKind = (typeof TRANSPORT_FAILURE_KINDS)[number];

export interface TransportFailure {
  readonly kind: TransportFailureKind;
  /** The HTTP status, for `http`. */
  readonly status?: number;
  /** The server's error code from its problem response, such as `server.unavailable`. */
  readonly code?: string;
  /** How long the server asked us to wait (`Retry-After`), in ms. */
  readonly retryAfterMs?: number;
  readonly message: string;
}

export type TransportResult<T> = Result<T, TransportFailure>;
