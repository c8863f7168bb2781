/**
 * The `SyncTransport` over HTTP, on the platform's `fetch`, so the same code
 * runs in Node and in a browser. Every request has a time-out, a bearer token
 * and a bounded answer; every failure comes back as a value.
 */
import type { Clock } from '@tabline/domain';
import { assert, err, ok, systemClock } from '@tabline/domain';
import { PULL_PATH, PUSH_PATH, PullResponse, PushResponse } from '@tabline/protocol';
import type { PullQuery } from '@tabline/protocol';
import type { Static, TSchema } from 'typebox';
import { describeSchemaMismatch } from './describe-schema-mismatch.ts';
import { fetchErrorFailure } from './http/fetch-error-failure.ts';
import { FAILURE_MESSAGE_LENGTH_MAX, httpErrorFailure } from './http/http-error-failure.ts';
import { readBodyText } from './http/read-body-text.ts';
import type { SyncTransport, TransportResult } from './sync-transport.ts';
import { matchesSchema } from './check-schema.ts';

/**
 * How long one request may take, body included. A push the server is slow to
 * answer is retried later with the same keys, so waiting longer buys nothing
 * but a stuck sync; a server under load answers 429/503 quickly instead.
 */
export const SYNC_REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

/**
 * The largest answer read. A pull page of PULL_PAGE_RECORDS_MAX records is
 * well under 1 MiB; anything larger is not our server talking.
 */
export const RESPONSE_BODY_BYTES_MAX = 4 * 1024 * 1024;

export interface HttpSyncTransportOptions {
  /** The server's origin and base path, such as `https://pos.example.com`. */
  readonly baseUrl: string;
  /** The device's own token, sent as `Authorization: Bearer <token>`. */
  readonly deviceToken: string;
  readonly timeoutMs?: number;
  readonly responseBytesMax?: number;
  /** Defaults to the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Reads `Retry-After` dates; defaults to the system clock. */
  readonly clock?: Clock;
}

export type ResolvedHttpSyncTransportOptions = Required<HttpSyncTransportOptions>;

export function resolveHttpSyncTransportOptions(
  options: HttpSyncTransportOptions,
): ResolvedHttpSyncTransportOptions {
  const resolved = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    deviceToken: options.deviceToken,
    timeoutMs: options.timeoutMs ?? SYNC_REQUEST_TIMEOUT_MS_DEFAULT,
    responseBytesMax: options.responseBytesMax ?? RESPONSE_BODY_BYTES_MAX,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
  };
  assert(URL.canParse(resolved.baseUrl), `baseUrl is a URL, got ${resolved.baseUrl}`);
  assert(resolved.deviceToken.length > 0, 'a device token is given');
  assert(Number.isInteger(resolved.timeoutMs) && resolved.timeoutMs > 0, 'timeoutMs > 0');
  assert(resolved.responseBytesMax > 0, 'responseBytesMax > 0');
  return resolved;
}

export function createHttpSyncTransport(options: HttpSyncTransportOptions): SyncTransport {
  const resolved = resolveHttpSyncTransportOptions(options);
  return {
    push: (request, signal) =>
      exchange(resolved, 'POST', PUSH_PATH, JSON.stringify(request), PushResponse, signal),
    pull: (query, signal) =>
      exchange(resolved, 'GET', PULL_PATH + queryString(query), undefined, PullResponse, signal),
  };
}

function queryString(query: PullQuery): string {
  const params = new URLSearchParams();
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  if (query.limit !== undefined) params.set('limit', query.limit);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** One request and its answer, checked against the schema it must match. */
async function exchange<S extends TSchema>(
  options: ResolvedHttpSyncTransportOptions,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  schema: S,
  signal: AbortSignal,
): Promise<TransportResult<Static<S>>> {
  const requestSignal = AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]);
  let response: Response;
  let text: string | undefined;
  try {
    response = await options.fetch(options.baseUrl + path, {
      method,
      headers: requestHeaders(options.deviceToken, body !== undefined),
      ...(body === undefined ? {} : { body }),
      // A captive portal answers with a redirect to its login page: that is
      // not the server, so it must fail rather than be followed.
      redirect: 'error',
      signal: requestSignal,
    });
    text = await readBodyText(response, options.responseBytesMax);
  } catch (error) {
    return err(fetchErrorFailure(error, signal, requestSignal, options.timeoutMs));
  }
  if (!response.ok) return err(httpErrorFailure(response, text, options.clock.now()));
  return parseAnswer(response, text, schema);
}

function requestHeaders(deviceToken: string, hasBody: boolean): Record<string, string> {
  return {
    authorization: `Bearer ${deviceToken}`,
    accept: 'application/json',
    ...(hasBody ? { 'content-type': 'application/json' } : {}),
  };
}

function parseAnswer<S extends TSchema>(
  response: Response,
  text: string | undefined,
  schema: S,
): TransportResult<Static<S>> {
  if (text === undefined) return invalid('The answer is larger than the limit.');
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('application/json')) {
    return invalid(`The answer is ${contentType || 'untyped'}, not JSON (a captive portal?).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid('The answer is not valid JSON.');
  }
  if (!matchesSchema(schema, body)) {
    return invalid(
      `The answer does not match the protocol: ${describeSchemaMismatch(schema, body)}`,
    );
  }
  return ok(body);
}

function invalid(message: string): TransportResult<never> {
  return err({ kind: 'invalid-response', message: message.slice(0, FAILURE_MESSAGE_LENGTH_MAX) });
}
