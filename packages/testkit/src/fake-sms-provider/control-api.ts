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
 *   GET  /_fake/incoming-message-url  `{ "url": string | null }`
 *   PUT  /_fake/incoming-message-url  set it (same shape; null for none)
 *   POST /_fake/replies       a reply to the fake's number (`{ from, body,
 *                             geo? }`): acted on (STOP), forwarded to the
 *                             incoming message URL; answers the recorded
 *                             reply, with the webhook's `httpStatus`
 *   POST /_fake/reset         forget everything, switches back to defaults
 *
 * Errors answer `{ "error": "..." }` with 400, 404 or 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import {
  CONTROL_REQUEST_BODY_BYTES_MAX,
  CONTROL_WAIT_MS_MAX,
  WEBHOOK_URL_CHARS_MAX,
} from './fake-sms-provider-limits.ts';
import { parseFakeSmsReply } from './fake-sms-reply.ts';
import type { FakeSmsReply } from './fake-sms-reply.ts';
import type { FakeSmsSwitches, FakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { parseFakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { parseUnsubscribedNumbers } from './parse-unsubscribed-numbers.ts';
import { readBody } from './read-body.ts';
import type { RecordedReply } from './recorded-reply.ts';
import { isValidWebhookUrl } from './webhook-url.ts';

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
  incomingMessageUrl(): string | null;
  setIncomingMessageUrl(url: string | null): void;
  /** An error only when the reply cannot be taken (the unsubscribed list is full). */
  receiveReply(reply: FakeSmsReply): Promise<Result<RecordedReply, string>>;
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

/** `{ "url": string | null }`, the string an http(s) URL Twilio would accept. */
function parseIncomingMessageUrl(input: unknown): Result<string | null, string> {
  const url = (input as { url?: unknown } | null)?.url;
  if (url === null || (typeof url === 'string' && isValidWebhookUrl(url))) return ok(url);
  const rule = `null or an http(s) URL of at most ${WEBHOOK_URL_CHARS_MAX} characters`;
  return err(`body must be { "url": ${rule} }`);
}

async function putIncomingMessageUrl(target: ControlTarget, request: IncomingMessage) {
  const json = await readJson(request);
  const url = json.ok ? parseIncomingMessageUrl(json.value) : json;
  if (!url.ok) return failure(400, url.error);
  target.setIncomingMessageUrl(url.value);
  return { status: 200, body: { url: target.incomingMessageUrl() } };
}

async function postReply(target: ControlTarget, request: IncomingMessage) {
  const json = await readJson(request);
  const reply = json.ok ? parseFakeSmsReply(json.value) : json;
  if (!reply.ok) return failure(400, reply.error);
  const received = await target.receiveReply(reply.value);
  if (!received.ok) return failure(400, received.error);
  return { status: 200, body: received.value };
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
  'incoming-message-url': {
    GET: (target) => Promise.resolve({ status: 200, body: { url: target.incomingMessageUrl() } }),
    PUT: putIncomingMessageUrl,
  },
  replies: { POST: postReply },
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
