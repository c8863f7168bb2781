import type { Problem } from '@tabline/protocol';
import { ApiError, isSessionEnded } from './api-error.ts';

/**
 * How long one request may take. The dashboard polls; a request that hangs
 * would hold up every poll behind it (polls never overlap), so it is cut off
 * and the next poll tries again.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface RequestOptions {
  readonly body?: unknown;
  /** Aborts the request (the query library passes one when a query is dropped). */
  readonly signal?: AbortSignal;
  /** For creates that must happen once: sent as `Idempotency-Key`. */
  readonly idempotencyKey?: string;
}

/**
 * Calls the Tabline API on the page's own origin (the API serves the
 * dashboard, so no CORS): JSON in and out, the staff session as a bearer
 * token, failures thrown as `ApiError`. `onSessionEnded` runs when the API
 * says the token no longer works.
 */
export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

export function createApiClient(options: {
  readonly token: string | null;
  readonly onSessionEnded?: () => void;
}): ApiClient {
  return {
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const response = await send(method, path, options.token, request);
      if (response.ok) return readBody<T>(response);
      const error = await problemOf(response);
      if (isSessionEnded(error)) options.onSessionEnded?.();
      throw error;
    },
  };
}

async function send(
  method: string,
  path: string,
  token: string | null,
  request: RequestOptions,
): Promise<Response> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  try {
    return await fetch(path, {
      method,
      headers,
      signal,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (cause) {
    if (timeout.aborted) {
      throw new ApiError(0, 'timeout', 'The server took too long to answer.', { cause });
    }
    if (request.signal?.aborted) throw cause;
    throw new ApiError(0, 'network', 'Cannot reach the server.', { cause });
  }
}

async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The answer's problem document as an ApiError, or a plain one if it has none. */
async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as Partial<Problem>;
    if (typeof problem.code === 'string') {
      const message = problem.detail ?? problem.title ?? `The server answered ${response.status}.`;
      return new ApiError(response.status, problem.code, message);
    }
  } catch {
    // Not JSON: a proxy's error page, say. Described by its status below.
  }
  return new ApiError(response.status, 'http', `The server answered ${response.status}.`);
}
