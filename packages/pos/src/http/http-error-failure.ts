import type { TransportFailure } from '../sync-transport.ts';
import { parseRetryAfterMs } from './parse-retry-after-ms.ts';

/** The longest server-supplied message kept, so a stray HTML page stays a line. */
export const FAILURE_MESSAGE_LENGTH_MAX = 500;

interface ProblemFields {
  readonly code?: string;
  readonly detail?: string;
  readonly title?: string;
}

/**
 * The failure for an error status. The server answers errors as RFC 9457
 * problem details (`application/problem+json`, with our `code`); a proxy or
 * load balancer in between may answer anything, so every field is optional.
 */
export function httpErrorFailure(
  response: Response,
  bodyText: string | undefined,
  nowMs: number,
): TransportFailure {
  const problem = parseProblem(response, bodyText);
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), nowMs);
  const message =
    problem.detail ?? problem.title ?? `HTTP ${response.status} ${response.statusText}`.trim();
  return {
    kind: 'http',
    status: response.status,
    ...(problem.code === undefined ? {} : { code: problem.code }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    message: message.slice(0, FAILURE_MESSAGE_LENGTH_MAX),
  };
}

function parseProblem(response: Response, bodyText: string | undefined): ProblemFields {
  const contentType = response.headers.get('content-type') ?? '';
  if (bodyText === undefined || !contentType.includes('json')) return {};
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body !== 'object' || body === null) return {};
    return pickStrings(body as Record<string, unknown>);
  } catch {
    // An unreadable error body still leaves the status, which says enough.
    return {};
  }
}

function pickStrings(body: Record<string, unknown>): ProblemFields {
  const { code, detail, title } = body;
  return {
    ...(typeof code === 'string' ? { code: code.slice(0, FAILURE_MESSAGE_LENGTH_MAX) } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof title === 'string' ? { title } : {}),
  };
}
