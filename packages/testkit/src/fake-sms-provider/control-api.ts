/**
 * The control API of the fake, under `/_fake/` on the same server, without
 * authentication (it is a test fake on loopback). It lets a test or the
 * simulator in another process see and steer what the in-process API offers:
 *
 *   GET  /_fake/messages      every recorded message (JSON array); with
 *                             `?count=N&waitMs=T` it first waits up to T ms
 *                             (at most CONTROL_WAIT_MS_MAX) for N messages
 *   GET  /_fake/requests      the request log (JSON array)
 *   GET  /_fake/switches      the current switches
 *   PUT  /_fake/switches      change some switches (JSON object, partial)
 *   GET  /_fake/unsubscribed  the numbers that replied STOP
 *   PUT  /_fake/unsubscribed  replace them (JSON array of E.164 numbers)
 *   POST /_fake/reset         forget everything, switches back to defaults
 *
 * Errors answer `{ "error": "..." }` with 400, 404 or 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import { CONTROL_REQUEST_BODY_BYTES_MAX, CONTROL_WAIT_MS_MAX } from './fake-sms-provider-limits.ts';
import type { FakeSmsSwitches, FakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { parseFakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { parseUnsubscribedNumbers } from './parse-unsubscribed-numbers.ts';
import { readBody } from './read-body.ts';

export const CONTROL_PATH_PREFIX = '/_fake/';

/** What the control API steers: the provider's own in-process API. */
export interface ControlTarget {
  messages(): unknown;
  /** Resolves once `count` messages are recorded, or after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs: number): Promise<void>;
  requests(): unknown;
  switches(): FakeSmsSwitches;
  setSwitches(patch: FakeSmsSwitchesPatch): void;
  unsubscribed(): readonly string[];
  setUnsubscribed(numbers: readonly string[]): void;
  reset(): void;
}

interface ControlAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const failure = (status: number, error: string): ControlAnswer => ({ status, body: { error } });

async function readJson(request: IncomingMessage): Promise<Result<unknown, string>> {
  const body = await readBody(request, CONTROL_REQUEST_BODY_BYTES_MAX);
  if (body === null) return err(`body larger than ${CONTROL_REQUEST_BODY_BYTES_MAX} bytes`);
  try {
    return ok(JSON.parse(body.toString('utf8')));
  } catch {
    return err('body is not valid JSON');
  }
}

async function putSwitches(target: ControlTarget, request: IncomingMessage) {
  const json = await readJson(request);
  const patch = json.ok ? parseFakeSmsSwitchesPatch(json.value) : json;
  if (!patch.ok) return failure(400, patch.error);
  target.setSwitches(patch.value);
  return { status: 200, body: target.switches() };
}

async function putUnsubscribed(target: ControlTarget, request: IncomingMessage) {
  const json = await readJson(request);
  const numbers = json.ok ? parseUnsubscribedNumbers(json.value) : json;
  if (!numbers.ok) return failure(400, numbers.error);
  target.setUnsubscribed(numbers.value);
  return { status: 200, body: target.unsubscribed() };
}

async function getMessages(target: ControlTarget, request: IncomingMessage) {
  const query = new URL(request.url ?? '/', 'http://fake.invalid').searchParams;
  const count = Number(query.get('count') ?? 0);
  const waitMs = Number(query.get('waitMs') ?? 0);
  if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(waitMs) || waitMs < 0) {
    return failure(400, 'count and waitMs must be whole numbers');
  }
  if (count > 0 && waitMs > 0) {
    await target.waitForMessages(count, Math.min(waitMs, CONTROL_WAIT_MS_MAX));
  }
  return { status: 200, body: target.messages() };
}

type Handler = (target: ControlTarget, request: IncomingMessage) => Promise<ControlAnswer>;

const ROUTES: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  messages: { GET: getMessages },
  requests: { GET: (target) => Promise.resolve({ status: 200, body: target.requests() }) },
  switches: {
    GET: (target) => Promise.resolve({ status: 200, body: target.switches() }),
    PUT: putSwitches,
  },
  unsubscribed: {
    GET: (target) => Promise.resolve({ status: 200, body: target.unsubscribed() }),
    PUT: putUnsubscribed,
  },
  reset: {
    POST: (target) => {
      target.reset();
      return Promise.resolve({ status: 204 });
    },
  },
};

async function answerControl(target: ControlTarget, request: IncomingMessage, pathname: string) {
  const name = pathname.slice(CONTROL_PATH_PREFIX.length);
  const methods = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (methods === undefined) return failure(404, `no control route ${pathname}`);
  const handler = Object.hasOwn(methods, request.method ?? '')
    ? methods[request.method ?? '']
    : undefined;
  if (handler === undefined) return failure(405, `${request.method} not allowed on ${pathname}`);
  return handler(target, request);
}

export async function handleControlRequest(
  target: ControlTarget,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const answer = await answerControl(target, request, pathname);
  if (answer.body === undefined) {
    response.writeHead(answer.status).end();
    return;
  }
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
