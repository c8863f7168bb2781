/**
 * The Twilio REST API part of the fake: authentication, routing, and the
 * three Message operations it implements (create, list, fetch). It computes
 * an answer and leaves writing it to the caller, because the fault modes
 * decide what becomes of an answer (sent, replaced by a 500, or dropped).
 */
import type { Clock, Random } from '@tabline/domain';
import { parseBasicAuth } from './basic-auth.ts';
import { countSmsSegments } from './count-sms-segments.ts';
import { MESSAGES_RECORDED_MAX } from './fake-sms-provider-limits.ts';
import type { FakeSmsStore, StoredMessage } from './fake-sms-store.ts';
import { listMessages, parseMessageListQuery } from './list-messages.ts';
import type { MessageLifecycle } from './message-lifecycle.ts';
import { parseCreateMessage } from './parse-create-message.ts';
import type { CreateMessageRequest } from './parse-create-message.ts';
import { twilioError } from './twilio-error.ts';
import type { TwilioErrorBody } from './twilio-error.ts';
import { toTwilioMessageResource, TWILIO_API_VERSION } from './twilio-message-resource.ts';
import { newTwilioSid } from './twilio-sid.ts';

export interface TwilioApiContext {
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly store: FakeSmsStore;
  readonly lifecycle: MessageLifecycle;
  readonly onMessage: (message: StoredMessage) => void;
}

export interface TwilioApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly body: string;
  /** The request's own sid, remembered on the message it creates. */
  readonly requestSid: string;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The message this request created, if any. */
  readonly messageSid?: string;
}

const PREFIX = `/${TWILIO_API_VERSION}/Accounts/`;
const MESSAGES_ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

/** True for the one request that creates a message (failNext and accept-then-* count these). */
export const isCreateRequest = (method: string, pathname: string): boolean =>
  method === 'POST' && MESSAGES_ROUTE.test(pathname);

export const errorAnswer = (
  error: TwilioErrorBody,
  headers?: Readonly<Record<string, string>>,
): ApiAnswer =>
  headers === undefined
    ? { status: error.status, body: error }
    : { status: error.status, body: error, headers };

const notFound = (pathname: string): ApiAnswer =>
  errorAnswer(twilioError(20404, `The requested resource ${pathname} was not found`));

function isAuthenticated(context: TwilioApiContext, authorization: string | undefined): boolean {
  const credentials = parseBasicAuth(authorization);
  return (
    credentials !== null &&
    credentials.username === context.accountSid &&
    credentials.password === context.authToken
  );
}

function newStoredMessage(
  context: TwilioApiContext,
  request: CreateMessageRequest,
  requestSid: string,
): StoredMessage {
  const nowMs = context.clock.now();
  return {
    ...request,
    mediaUrls: [...request.mediaUrls],
    sid: newTwilioSid(request.mediaUrls.length > 0 ? 'MM' : 'SM', context.random),
    accountSid: context.accountSid,
    status: 'queued',
    numSegments: countSmsSegments(request.body ?? ''),
    dateCreatedMs: nowMs,
    dateSentMs: null,
    dateUpdatedMs: nowMs,
    requestSid,
    responseDelivered: false,
    callbacks: [],
  };
}

function createMessage(context: TwilioApiContext, request: TwilioApiRequest): ApiAnswer {
  const parsed = parseCreateMessage(
    new URLSearchParams(request.body),
    context.store.unsubscribed(),
  );
  if (!parsed.ok) return errorAnswer(parsed.error);
  if (context.store.isFull()) {
    const full = `The fake SMS provider holds its limit of ${MESSAGES_RECORDED_MAX} messages`;
    return errorAnswer(twilioError(20500, full));
  }
  const message = newStoredMessage(context, parsed.value, request.requestSid);
  context.store.addMessage(message);
  context.lifecycle.start(message);
  context.onMessage(message);
  return { status: 201, body: toTwilioMessageResource(message), messageSid: message.sid };
}

function listAnswer(context: TwilioApiContext, url: URL): ApiAnswer {
  const query = parseMessageListQuery(url.searchParams);
  if (!query.ok) return errorAnswer(query.error);
  const list = listMessages(context.store.messagesNewestFirst(), query.value, context.accountSid);
  return { status: 200, body: list };
}

function fetchAnswer(context: TwilioApiContext, url: URL, sid: string): ApiAnswer {
  const message = context.store.findMessage(sid);
  if (message === undefined) return notFound(url.pathname);
  return { status: 200, body: toTwilioMessageResource(message) };
}

function route(context: TwilioApiContext, request: TwilioApiRequest): ApiAnswer {
  const { method, url } = request;
  const list = MESSAGES_ROUTE.exec(url.pathname);
  const one = MESSAGE_ROUTE.exec(url.pathname);
  const pathAccount = list?.[1] ?? one?.[1];
  // Another account's resources do not exist, as far as this caller can tell.
  if (pathAccount !== context.accountSid) return notFound(url.pathname);
  if (list !== null && method === 'POST') return createMessage(context, request);
  if (list !== null && method === 'GET') return listAnswer(context, url);
  if (one?.[2] !== undefined && method === 'GET') return fetchAnswer(context, url, one[2]);
  return errorAnswer(twilioError(20004));
}

export function answerTwilioRequest(
  context: TwilioApiContext,
  request: TwilioApiRequest,
): ApiAnswer {
  if (!isAuthenticated(context, request.authorization)) {
    return errorAnswer(twilioError(20003), { 'www-authenticate': 'Basic realm="Twilio API"' });
  }
  if (!request.url.pathname.startsWith(PREFIX)) return notFound(request.url.pathname);
  return route(context, request);
}
