/**
 * The Message resource as Twilio's API shows it: the schema
 * `api.v2010.account.message` of Twilio's OpenAPI description, every field
 * present, with Twilio's formats (RFC 2822 dates, counts as strings, URIs
 * relative to https://api.twilio.com).
 */
import type { FakeMessageStatus, RecordedMessage } from './recorded-message.ts';
import { formatTwilioDate } from './twilio-date.ts';

export const TWILIO_API_VERSION = '2010-04-01';

export interface TwilioMessageResource {
  readonly account_sid: string;
  readonly api_version: typeof TWILIO_API_VERSION;
  readonly body: string | null;
  readonly date_created: string;
  readonly date_sent: string | null;
  readonly date_updated: string;
  readonly direction: 'outbound-api';
  readonly error_code: number | null;
  readonly error_message: string | null;
  readonly from: string | null;
  readonly messaging_service_sid: string | null;
  readonly num_media: string;
  readonly num_segments: string;
  /** Twilio fills the price in some time after sending; the fake never does. */
  readonly price: string | null;
  readonly price_unit: string | null;
  readonly sid: string;
  readonly status: FakeMessageStatus;
  readonly subresource_uris: { readonly media: string };
  readonly to: string;
  readonly uri: string;
}

/** The path of the Messages list of an account, as in Twilio's URIs. */
export const messagesPath = (accountSid: string): string =>
  `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages.json`;

const messagePath = (accountSid: string, sid: string, suffix: string): string =>
  `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}${suffix}`;

export function toTwilioMessageResource(message: RecordedMessage): TwilioMessageResource {
  return {
    account_sid: message.accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: formatTwilioDate(message.dateCreatedMs),
    date_sent: message.dateSentMs === null ? null : formatTwilioDate(message.dateSentMs),
    date_updated: formatTwilioDate(message.dateUpdatedMs),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: null,
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: messagePath(message.accountSid, message.sid, '/Media.json') },
    to: message.to,
    uri: messagePath(message.accountSid, message.sid, '.json'),
  };
}
