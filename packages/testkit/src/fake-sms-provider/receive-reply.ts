/**
 * A reply reaching the fake's number, handled as Twilio handles an incoming
 * SMS: an opt-out or opt-in keyword first changes the unsubscribed list (so
 * later sends to an opted-out number answer 21610), then the message is
 * POSTed to the incoming message URL, form-encoded and signed with
 * `X-Twilio-Signature`, keyword or not. Without an incoming message URL
 * nothing is posted, as with a Twilio number that has no webhook.
 */
import type { Clock, Random, Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import { countSmsSegments } from './count-sms-segments.ts';
import { UNSUBSCRIBED_NUMBERS_MAX } from './fake-sms-provider-limits.ts';
import { MESSAGING_SERVICE_SENDER } from './fake-sms-provider-options.ts';
import type { FakeSmsStore } from './fake-sms-store.ts';
import type { FakeSmsReply } from './fake-sms-reply.ts';
import { readOptOutKeyword } from './opt-out-keywords.ts';
import type { OptOutChange } from './opt-out-keywords.ts';
import { postTwilioWebhook } from './post-twilio-webhook.ts';
import type { RecordedReply } from './recorded-reply.ts';
import { TWILIO_API_VERSION } from './twilio-message-resource.ts';
import { newTwilioSid } from './twilio-sid.ts';

export interface ReplyContext {
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly store: FakeSmsStore;
  readonly incomingMessageUrl: string | null;
  readonly timeoutMs: number;
  /** Aborts the webhook request when the fake closes. */
  readonly signal: AbortSignal;
}

/**
 * The parameters of Twilio's incoming message webhook for an SMS. The fake's
 * number belongs to no Messaging Service, so `MessagingServiceSid` is left
 * out, as Twilio leaves it out; an SMS carries no media.
 */
export function incomingMessageParams(
  accountSid: string,
  messageSid: string,
  reply: FakeSmsReply,
): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: TWILIO_API_VERSION,
    Body: reply.body,
    From: reply.from,
    MessageSid: messageSid,
    NumMedia: '0',
    NumSegments: String(countSmsSegments(reply.body)),
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    SmsStatus: 'received',
    To: MESSAGING_SERVICE_SENDER,
    ...reply.geo,
  };
}

/** Applies the keyword; false when an opt-out finds the unsubscribed list full. */
function applyOptOutChange(store: FakeSmsStore, from: string, change: OptOutChange | null) {
  if (change === 'opt-out') return store.addUnsubscribed(from);
  if (change === 'opt-in') store.removeUnsubscribed(from);
  return true;
}

const NOT_POSTED = { signature: null, httpStatus: null, error: null } as const;

export async function receiveReply(
  context: ReplyContext,
  reply: FakeSmsReply,
): Promise<Result<RecordedReply, string>> {
  const optOutChange = readOptOutKeyword(reply.body);
  if (!applyOptOutChange(context.store, reply.from, optOutChange)) {
    return err(`the unsubscribed list holds its limit of ${UNSUBSCRIBED_NUMBERS_MAX} numbers`);
  }
  const messageSid = newTwilioSid('SM', context.random);
  const params = incomingMessageParams(context.accountSid, messageSid, reply);
  const receivedAtMs = context.clock.now();
  const url = context.incomingMessageUrl;
  const { authToken, timeoutMs, signal } = context;
  const result =
    url === null
      ? NOT_POSTED
      : await postTwilioWebhook({ url, params, authToken, timeoutMs, signal });
  const { from, body } = reply;
  const to = MESSAGING_SERVICE_SENDER;
  return ok({ messageSid, from, to, body, optOutChange, receivedAtMs, url, params, ...result });
}
