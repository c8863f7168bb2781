import type { TransportFailure } from '../sync-transport.ts';
import { FAILURE_MESSAGE_LENGTH_MAX } from './http-error-failure.ts';

/**
 * The failure for a request that threw: aborted by the caller, timed out, or
 * failed in the network (refused, reset, DNS, TLS, a redirect we refuse).
 * In every case the server may have committed the request: the work items
 * stay queued and their idempotency keys make the retry safe.
 */
export function fetchErrorFailure(
  error: unknown,
  callerSignal: AbortSignal,
  requestSignal: AbortSignal,
  timeoutMs: number,
): TransportFailure {
  if (callerSignal.aborted) return { kind: 'network', message: 'The request was aborted.' };
  if (requestSignal.aborted) {
    return { kind: 'timeout', message: `No complete answer within ${timeoutMs} ms.` };
  }
  return { kind: 'network', message: describeError(error).slice(0, FAILURE_MESSAGE_LENGTH_MAX) };
}

/** Node's fetch says "fetch failed" and puts the reason (ECONNREFUSED…) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
