/**
 * Twilio's default opt-out handling for a long code: a reply that is exactly
 * one of these keywords (whatever the case, spaces around it ignored) opts
 * the sender out of messages from the number, or back in. Twilio acts on the
 * keyword itself, before the message reaches the number's webhook, and still
 * forwards the message. A keyword inside a longer text ("please stop") is an
 * ordinary message. The server reads replies with these rules, and the fake
 * Twilio of the testkit models Twilio with them.
 */

export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
] as const;

export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

/** What a reply's keyword does to its sender's subscription. */
export type OptOutChange = 'opt-out' | 'opt-in';

const isIn = (keywords: readonly string[], word: string): boolean => keywords.includes(word);

/** The change `body` asks for, or null for an ordinary message. */
export function readOptOutKeyword(body: string): OptOutChange | null {
  const word = body.trim().toUpperCase();
  if (isIn(OPT_OUT_KEYWORDS, word)) return 'opt-out';
  if (isIn(OPT_IN_KEYWORDS, word)) return 'opt-in';
  return null;
}
