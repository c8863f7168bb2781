/**
 * The URLs Twilio accepts for its webhooks (a message's StatusCallback, a
 * number's incoming message URL): http or https, at most
 * `WEBHOOK_URL_CHARS_MAX` characters, and no underscore in the host name,
 * which Twilio refuses because it is not a valid host name character.
 */
import { WEBHOOK_URL_CHARS_MAX } from './fake-sms-provider-limits.ts';

export function isValidWebhookUrl(value: string): boolean {
  if (value.length > WEBHOOK_URL_CHARS_MAX || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('_');
}
