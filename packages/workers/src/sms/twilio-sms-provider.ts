import type {
  OutgoingSms,
  SmsFindOutcome,
  SmsProvider,
  SmsSearch,
  SmsSendOutcome,
} from './sms-provider.ts';

export interface TwilioSmsProviderOptions {
  /** `https://api.twilio.com`, or the fake provider's URL. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The sender: a phone number or an alphanumeric sender id. */
  readonly from: string;
  /** Longest a call may take (the sender's policy usually cuts it shorter). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export function resolveTwilioSmsProviderOptions(options: TwilioSmsProviderOptions) {
  return {
    ...options,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

/** Twilio's largest list page. */
const LIST_PAGE_SIZE = 1000;
/** Pages read at most per search: messages to one number, newest first. */
const LIST_PAGES_MAX = 5;
/**
 * Twilio's clock and ours may differ; a message created this long before the
 * claim still counts as a candidate (its body, unique per receipt, decides).
 */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Twilio's refusals of one message, final for it: an invalid, unreachable,
 * non-mobile or unsubscribed recipient, a region not open to us, an empty or
 * too long body.
 */
const MESSAGE_REFUSAL_CODES = new Set([
  '21211',
  '21408',
  '21602',
  '21610',
  '21612',
  '21614',
  '21617',
]);

/** Errors that mean the connection was never made, so nothing was sent. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/**
 * Sends through Twilio's Messages API (POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, Basic auth)
 * and searches it (GET on the same list, by `To` and `From`, newest first).
 */
export function createTwilioSmsProvider(options: TwilioSmsProviderOptions): SmsProvider {
  const resolved = resolveTwilioSmsProviderOptions(options);
  const listPath = `/2010-04-01/Accounts/${encodeURIComponent(resolved.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${resolved.accountSid}:${resolved.authToken}`)}`;
  const call = (path: string, signal: AbortSignal, init: RequestInit = {}) =>
    resolved.fetch(`${resolved.baseUrl}${path}`, {
      ...init,
      headers: { authorization, ...init.headers },
      signal: AbortSignal.any([signal, AbortSignal.timeout(resolved.timeoutMs)]),
    });
  return {
    async send(message: OutgoingSms, signal: AbortSignal): Promise<SmsSendOutcome> {
      const body = new URLSearchParams({
        To: message.to,
        From: resolved.from,
        Body: message.body,
        ValidityPeriod: String(message.validityPeriodSeconds),
      });
      if (message.statusCallbackUrl !== null) {
        body.set('StatusCallback', message.statusCallbackUrl);
      }
      let response: Response;
      try {
        response = await call(listPath, signal, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      } catch (error) {
        return classifyFetchError(error);
      }
      return classifyResponse(response);
    },

    async find(search: SmsSearch, signal: AbortSignal): Promise<SmsFindOutcome> {
      const query = new URLSearchParams({
        To: search.to,
        From: resolved.from,
        PageSize: String(LIST_PAGE_SIZE),
      });
      let path: string | null = `${listPath}?${query}`;
      try {
        for (let page = 0; path !== null && page < LIST_PAGES_MAX; page++) {
          const response = await call(path, signal);
          const list = (await response.json().catch(() => null)) as MessageList | null;
          if (response.status !== 200 || !isMessageList(list)) {
            return { kind: 'unavailable', message: `list answered ${response.status}` };
          }
          for (const message of list.messages) {
            if (message.body === search.body) return { kind: 'found', sid: message.sid };
          }
          const oldest = list.messages.at(-1);
          if (!oldest || Date.parse(oldest.date_created) < search.createdAfter - CLOCK_SLACK_MS) {
            return { kind: 'absent' };
          }
          path = list.next_page_uri;
        }
        return path === null
          ? { kind: 'absent' }
          : { kind: 'unavailable', message: `more than ${LIST_PAGES_MAX} pages to search` };
      } catch (error) {
        return { kind: 'unavailable', message: describe(error) };
      }
    },
  };
}

interface MessageList {
  // Mutable, so that Array.isArray narrows it to itself rather than to any[].
  readonly messages: { sid: string; body: string; date_created: string }[];
  readonly next_page_uri: string | null;
}

function isMessageList(list: MessageList | null): list is MessageList {
  return list !== null && typeof list === 'object' && Array.isArray(list.messages);
}

function describe(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return error instanceof Error
    ? `${error.name}: ${error.message}${code ? ` (${code})` : ''}`
    : String(error);
}

function classifyFetchError(error: unknown): SmsSendOutcome {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = describe(error);
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
  if (response.status >= 400 && response.status < 500) {
    // A refusal of this one message (its number, its text) is final for it.
    // Any other 4xx is about our set-up (credentials, sender, callback URL):
    // every text would meet it, so none fails for good; they wait, the
    // breaker stops the calls, and they go out once the set-up is fixed.
    return MESSAGE_REFUSAL_CODES.has(twilioCode)
      ? { kind: 'rejected', code: twilioCode, message }
      : { kind: 'not-sent', message: `${response.status} ${twilioCode}: ${message}` };
  }
  return { kind: 'unknown', message: `${response.status} ${twilioCode}: ${message}` };
}

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
