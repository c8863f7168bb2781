/**
 * One request to the fake's Twilio API and its fate: answered, reset,
 * dropped, or closed by the client first. Every way out goes through
 * `settleExchange`, which fills in the request log entry once and reports it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredRequest } from './fake-sms-store.ts';
import type { RequestOutcome } from './recorded-request.ts';
import type { ApiAnswer } from './twilio-api.ts';

export interface ApiExchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly record: StoredRequest;
  settled: boolean;
  readonly onSettled: (record: StoredRequest) => void;
}

export function settleExchange(
  exchange: ApiExchange,
  outcome: RequestOutcome,
  answer?: ApiAnswer,
): void {
  if (exchange.settled) return;
  exchange.settled = true;
  exchange.record.outcome = outcome;
  if (answer !== undefined) {
    exchange.record.status = answer.status;
    exchange.record.errorCode = errorCodeOf(answer);
  }
  exchange.onSettled(exchange.record);
}

function errorCodeOf(answer: ApiAnswer): number | null {
  const body = answer.body as { code?: unknown } | null;
  return answer.status >= 400 && typeof body?.code === 'number' ? body.code : null;
}

/** True while an answer can still be written. */
export const canAnswer = (exchange: ApiExchange): boolean =>
  !exchange.settled && !exchange.response.headersSent && !exchange.request.socket.destroyed;

/**
 * Writes `answer`; `onWritten` runs once it was handed completely to the
 * connection (a later network loss is the proxy's business, not the fake's).
 */
export function writeAnswer(exchange: ApiExchange, answer: ApiAnswer, onWritten?: () => void) {
  if (!canAnswer(exchange)) return;
  const body = JSON.stringify(answer.body);
  exchange.response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'twilio-request-id': exchange.record.sid,
    ...answer.headers,
  });
  exchange.response.once('finish', () => {
    settleExchange(exchange, 'answered', answer);
    onWritten?.();
  });
  exchange.response.end(body);
}

/** Resets the connection (TCP RST) instead of answering. */
export function resetExchange(exchange: ApiExchange, outcome: 'reset' | 'dropped'): void {
  if (!exchange.request.socket.destroyed) exchange.request.socket.resetAndDestroy();
  settleExchange(exchange, outcome);
}
