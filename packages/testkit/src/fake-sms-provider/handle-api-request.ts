/**
 * The path of one request to the fake's Twilio API through the fault
 * switches: pick the mode (a `failNext` first), reset at once when `down`,
 * read the body, wait `latencyMs`, then answer as the mode says. See
 * `fake-sms-switches.ts` for what each mode means.
 *
 * The latency is spent before the request is processed, as if the network or
 * Twilio's front door were slow; the request is then processed even if the
 * client has given up meanwhile, as a real server would. So a client whose
 * time-out is shorter than `latencyMs` sends a message it never hears about,
 * and the message appears after the client gave up.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { resetExchange, settleExchange, writeAnswer } from './api-exchange.ts';
import type { ApiExchange } from './api-exchange.ts';
import { API_REQUEST_BODY_BYTES_MAX } from './fake-sms-provider-limits.ts';
import type { FakeSmsMode } from './fake-sms-switches.ts';
import { readBody } from './read-body.ts';
import { answerTwilioRequest, errorAnswer, isCreateRequest } from './twilio-api.ts';
import type { ApiAnswer, TwilioApiContext } from './twilio-api.ts';
import { twilioError } from './twilio-error.ts';

/** What the pipeline needs from the provider. */
export interface ApiPipeline {
  readonly api: TwilioApiContext;
  /** The mode for this request; consumes one `failNext` when `isCreate`. */
  takeMode(isCreate: boolean): FakeSmsMode;
  latencyMs(): number;
  retryAfterSeconds(): number;
  /** Parks a request under `hang` until released or closed. */
  park(exchange: ApiExchange): void;
  markResponseDelivered(messageSid: string): void;
  /** Aborted when the provider closes. */
  readonly closing: AbortSignal;
}

const tooLarge = (): ApiAnswer => {
  const message = `Request body larger than ${API_REQUEST_BODY_BYTES_MAX} bytes`;
  const body = { ...twilioError(20001, message), status: 413 };
  return { status: 413, body, headers: { connection: 'close' } };
};

function firstValues(search: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of search) if (!Object.hasOwn(values, name)) values[name] = value;
  return values;
}

function processRequest(pipeline: ApiPipeline, exchange: ApiExchange, url: URL, body: string) {
  const answer = answerTwilioRequest(pipeline.api, {
    method: exchange.request.method ?? 'GET',
    url,
    authorization: exchange.request.headers.authorization,
    body,
    requestSid: exchange.record.sid,
  });
  exchange.record.messageSid = answer.messageSid ?? null;
  return answer;
}

function answerOk(pipeline: ApiPipeline, exchange: ApiExchange, answer: ApiAnswer): void {
  const sid = answer.messageSid;
  writeAnswer(
    exchange,
    answer,
    sid === undefined ? undefined : () => pipeline.markResponseDelivered(sid),
  );
}

function applyMode(
  pipeline: ApiPipeline,
  exchange: ApiExchange,
  mode: FakeSmsMode,
  process: () => ApiAnswer,
): void {
  switch (mode) {
    case 'ok':
      return answerOk(pipeline, exchange, process());
    case 'down':
      return resetExchange(exchange, 'reset');
    case 'rate-limit': {
      const retryAfter = { 'retry-after': String(pipeline.retryAfterSeconds()) };
      return writeAnswer(exchange, errorAnswer(twilioError(20429), retryAfter));
    }
    case 'error':
      return writeAnswer(exchange, errorAnswer(twilioError(20500)));
    case 'hang':
      return pipeline.park(exchange);
    case 'accept-then-drop':
      process();
      return resetExchange(exchange, 'dropped');
    case 'accept-then-error':
      process();
      return writeAnswer(exchange, errorAnswer(twilioError(20500)));
    default: {
      const unknown: never = mode;
      throw new Error(`unknown fake SMS mode ${String(unknown)}`);
    }
  }
}

export async function handleApiRequest(
  pipeline: ApiPipeline,
  exchange: ApiExchange,
  url: URL,
): Promise<void> {
  const mode = pipeline.takeMode(isCreateRequest(exchange.request.method ?? '', url.pathname));
  exchange.record.mode = mode;
  if (mode === 'down') return resetExchange(exchange, 'reset');
  const body = await readBody(exchange.request, API_REQUEST_BODY_BYTES_MAX);
  if (body === null) return writeAnswer(exchange, tooLarge());
  const text = body.toString('utf8');
  exchange.record.params = firstValues(new URLSearchParams(text));
  const latencyMs = pipeline.latencyMs();
  if (latencyMs > 0) await delay(latencyMs, undefined, { signal: pipeline.closing });
  applyMode(pipeline, exchange, mode, () => processRequest(pipeline, exchange, url, text));
}

/**
 * A failure of the pipeline itself. Closing the provider or losing the
 * client mid-read is expected (the exchange settles as `connection-closed`);
 * anything else is a bug in the fake, reported loudly and answered 500.
 */
export function onPipelineFailure(exchange: ApiExchange, error: unknown): void {
  if (exchange.request.socket.destroyed || exchange.settled) {
    settleExchange(exchange, 'connection-closed');
    return;
  }
  console.error('fake SMS provider: request handling failed', error);
  const detail = error instanceof Error ? error.message : String(error);
  writeAnswer(exchange, errorAnswer(twilioError(20500, `Fake SMS provider bug: ${detail}`)));
}
