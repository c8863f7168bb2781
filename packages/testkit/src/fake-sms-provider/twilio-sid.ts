/**
 * Twilio's resource ids: a two-letter prefix naming the resource type
 * (`SM` a text message, `MM` a media message, `RQ` a request) and 32
 * lower-case hex digits.
 */
import type { Random } from '@tabline/domain';

export type TwilioSidPrefix = 'SM' | 'MM' | 'RQ';

export function newTwilioSid(prefix: TwilioSidPrefix, random: Random): string {
  const hex = Array.from(random.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
  return prefix + hex;
}

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/;
