/**
 * Twilio's error answers. Twilio answers every failed REST request with one
 * JSON body, `{code, message, more_info, status}`, where `code` is Twilio's own
 * error number, documented at https://www.twilio.com/docs/errors/<code>.
 * `TWILIO_ERRORS` is the table of codes the fake answers, with the HTTP status
 * and the message Twilio uses for each.
 */

/** The body of every error answer. */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export const TWILIO_ERRORS = {
  /**
   * A list filter or page parameter the fake cannot read. Twilio does not
   * document a code for this on the Messages list; 20001 is the fake's choice.
   */
  20001: { status: 400, message: 'Invalid parameter' },
  20003: { status: 401, message: 'Authenticate' },
  20004: { status: 405, message: 'Method not allowed' },
  20404: { status: 404, message: 'The requested resource was not found' },
  /** Never processed: always safe to retry, after the Retry-After delay. */
  20429: { status: 429, message: 'Too Many Requests' },
  /** The request may or may not have been processed: a blind retry can send twice. */
  20500: { status: 500, message: 'Internal Server Error' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21212: { status: 400, message: "Invalid 'From' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: {
    status: 400,
    message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message.",
  },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21609: { status: 400, message: "Invalid 'StatusCallback'" },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21617: {
    status: 400,
    message: 'The concatenated message body exceeds the 1600 character limit.',
  },
  21705: { status: 400, message: 'The Messaging Service is invalid' },
  90007: { status: 400, message: 'Invalid validity period value' },
  90014: { status: 400, message: 'Validity Period should be positive integer' },
} as const satisfies Record<number, { readonly status: number; readonly message: string }>;

export type TwilioErrorCode = keyof typeof TWILIO_ERRORS;

/** Twilio's error body for `code`, with a more precise message when one is given. */
export function twilioError(code: TwilioErrorCode, message?: string): TwilioErrorBody {
  const entry = TWILIO_ERRORS[code];
  return {
    code,
    message: message ?? entry.message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: entry.status,
  };
}
