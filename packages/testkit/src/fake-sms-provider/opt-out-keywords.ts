/**
 * Twilio's opt-out keywords, as the server reads them (one list in the
 * code base). The fake keeps one unsubscribed list for the whole account,
 * where Twilio keeps one per sender or Messaging Service: the fake has one
 * number. Twilio's confirmation replies and the HELP keywords are not modelled.
 */
export { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, readOptOutKeyword } from '@tabline/server';
export type { OptOutChange } from '@tabline/server';
