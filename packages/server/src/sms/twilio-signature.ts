/**
 * The `X-Twilio-Signature` header Twilio puts on every webhook it sends, so
 * the receiver can check the request came from Twilio: base64 of an HMAC-SHA1
 * keyed with the account's auth token, over the full URL (query string
 * included) followed by each POST parameter's name and value, sorted by name.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  // Twilio's own libraries sort the names with the default (code unit) order.
  const names = Object.keys(params).sort();
  const data = names.reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * True when `signature` (the header as received; undefined when absent) is
 * Twilio's signature of this request, compared in constant time.
 */
export function isValidTwilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
  signature: string | undefined,
): boolean {
  if (signature === undefined) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
