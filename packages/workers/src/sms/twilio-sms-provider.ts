import type { OutgoingSms, SmsProvider, SmsSendOutcome } from './sms-provider.ts';

export interface TwilioSmsProviderOptions {
  /** `https://api.twilio.com`, or the fake provider's URL. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The sender: a phone number or an alphanumeric sender id. */
  readonly from: string;
  /** Longest a send may take before its outcome counts as unknown. */
  readonly timeoutMs?: number;
  /** Twilio drops a message not delivered within this many seconds. */
  readonly validityPeriodSeconds?: number;
  readonly fetch?: typeof fetch;
}

export function resolveTwilioSmsProviderOptions(options: TwilioSmsProviderOptions) {
  return {
    ...options,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 5_000,
    validityPeriodSeconds: options.validityPeriodSeconds ?? 900,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

/** Errors that mean the connection was never made, so nothing was sent. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/**
 * Sends through Twilio's Messages API: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, Basic auth.
 */
export function createTwilioSmsProvider(options: TwilioSmsProviderOptions): SmsProvider {
  const resolved = resolveTwilioSmsProviderOptions(options);
  const url = `${resolved.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(resolved.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${resolved.accountSid}:${resolved.authToken}`)}`;
  return {
    async send(message: OutgoingSms, signal: AbortSignal): Promise<SmsSendOutcome> {
      const body = new URLSearchParams({
        To: message.to,
        From: resolved.from,
        Body: message.body,
        ValidityPeriod: String(resolved.validityPeriodSeconds),
      });
      let response: Response;
      try {
        response = await resolved.fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(resolved.timeoutMs)]),
        });
      } catch (error) {
        return classifyFetchError(error);
      }
      return classifyResponse(response);
    },
  };
}

function classifyFetchError(error: unknown): SmsSendOutcome {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message =
    error instanceof Error
      ? `${error.name}: ${error.message}${code ? ` (${code})` : ''}`
      : String(error);
  if (code !== undefined && NOT_CONNECTED_CODES.has(code)) return { kind: 'not-sent', message };
  return { kind: 'unknown', message };
}

async function classifyResponse(response: Response): Promise<SmsSendOutcome> {
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const twilioCode =
    json && typeof json['code'] === 'number' ? String(json['code']) : String(response.status);
  const message =
    json && typeof json['message'] === 'string' ? json['message'] : response.statusText;
  if (response.status === 201 && json && typeof json['sid'] === 'string') {
    return { kind: 'accepted', sid: json['sid'] };
  }
  if (response.status === 429) {
    return { kind: 'throttled', retryAfterMs: retryAfterMs(response), message };
  }
  if (response.status === 401 || response.status === 403) {
    // Our credentials were refused before anything was processed: a
    // configuration error to fix, after which the send can be retried.
    return { kind: 'not-sent', message: `${response.status} ${twilioCode}: ${message}` };
  }
  if (response.status >= 400 && response.status < 500) {
    return { kind: 'rejected', code: twilioCode, message };
  }
  return { kind: 'unknown', message: `${response.status} ${twilioCode}: ${message}` };
}

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
