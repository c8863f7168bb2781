import Type from 'typebox';
import type { Static } from 'typebox';
import { Id, Timestamp } from '../schema-parts.ts';
import { SMS_FAILURES_LISTED_MAX } from './admin-limits.ts';

/**
 * The event's receipts by text message, as the organiser's dashboard shows
 * them: how many are in each state, whether the SMS provider is being
 * called, and the latest failures. docs/OPERATING.md, "Texts (SMS
 * receipts)", has the states.
 */

export const EVENT_SMS_PATH = '/v1/events/:eventId/sms';

const Count = Type.Integer({ minimum: 0 });

export const SmsCounts = Type.Object(
  {
    /** Waiting to be sent: new, or put off (provider down, throttled, a cap). */
    queued: Count,
    /** Claimed, the call to the provider in flight. */
    sending: Count,
    /** The provider took it; no delivery report yet (or `queued`, `sent`). */
    sent: Count,
    /** The provider reported it delivered (or read). */
    delivered: Count,
    /** The provider took it and then reported it undelivered, failed or cancelled. */
    undelivered: Count,
    /** The provider refused it for good. */
    failed: Count,
    /** Not sent: the number replied STOP, or the provider says it unsubscribed. */
    optedOut: Count,
    /** Not sent: too old to be of use, or the phone's hourly cap was reached. */
    skipped: Count,
    /** The provider's answer was lost; being settled (status callback or a search), never resent blind. */
    unknown: Count,
  },
  { additionalProperties: false },
);
export type SmsCounts = Static<typeof SmsCounts>;

/**
 * The SMS provider's circuit breaker as the workers last reported it: `open`
 * (calls refused after failures in a row, until `retryAt`), `half-open` (a
 * trial call is let through), `closed` (calls go through). Each worker
 * process has its own breaker; the worst one reported in the last 10
 * minutes counts, and none means `closed`.
 */
export const SmsProviderState = Type.Object(
  {
    breaker: Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')]),
    /** When the breaker that counts last changed, or null when none reported. */
    changedAt: Type.Union([Timestamp, Type.Null()]),
    /** When an open breaker lets a trial call through; null unless open. */
    retryAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type SmsProviderState = Static<typeof SmsProviderState>;

export const SmsFailure = Type.Object(
  {
    smsId: Id,
    orderId: Id,
    state: Type.Union([Type.Literal('failed'), Type.Literal('undelivered')]),
    /** The provider's error code (Twilio's), or its delivery status. */
    failureCode: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** The provider's last error message, if any. */
    error: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    attempts: Count,
    at: Timestamp,
  },
  { additionalProperties: false },
);
export type SmsFailure = Static<typeof SmsFailure>;

export const SmsStatus = Type.Object(
  {
    asOf: Timestamp,
    counts: SmsCounts,
    provider: SmsProviderState,
    /** The latest failed and undelivered texts, newest first. */
    latestFailures: Type.Array(SmsFailure, { maxItems: SMS_FAILURES_LISTED_MAX }),
  },
  { additionalProperties: false },
);
export type SmsStatus = Static<typeof SmsStatus>;
