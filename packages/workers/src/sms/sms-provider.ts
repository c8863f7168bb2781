/**
 * The SMS provider at the edge of the system, behind a narrow interface.
 * Neither method throws for operating errors: each says what is known,
 * because what happens next depends on exactly that.
 */
export interface SmsProvider {
  send(message: OutgoingSms, signal: AbortSignal): Promise<SmsSendOutcome>;
  /**
   * Looks for a message this sender sent to `message.to` with exactly
   * `message.body`, created at or after `createdAfter` (epoch ms): did a
   * send whose answer was lost go out?
   */
  find(message: SmsSearch, signal: AbortSignal): Promise<SmsFindOutcome>;
}

export interface OutgoingSms {
  readonly to: string;
  readonly body: string;
  /** Where the provider reports the message's status; null when none is reachable. */
  readonly statusCallbackUrl: string | null;
  /** The provider drops the message if not delivered within this many seconds. */
  readonly validityPeriodSeconds: number;
}

export interface SmsSearch {
  readonly to: string;
  readonly body: string;
  readonly createdAfter: number;
}

export type SmsSendOutcome =
  /** The provider took the message: it will be delivered; `sid` is its id. */
  | { readonly kind: 'accepted'; readonly sid: string }
  /** Refused for good (invalid number, unsubscribed): never retry. */
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  /** Refused for now, certainly not sent: retry after a while. */
  | { readonly kind: 'throttled'; readonly retryAfterMs: number | null; readonly message: string }
  /** The request never reached the provider: safe to send again. */
  | { readonly kind: 'not-sent'; readonly message: string }
  /**
   * The request may have reached the provider and been acted on (a time-out,
   * a reset, a 5xx). Sending again could deliver twice: find out first.
   */
  | { readonly kind: 'unknown'; readonly message: string };

export type SmsFindOutcome =
  | { readonly kind: 'found'; readonly sid: string }
  | { readonly kind: 'absent' }
  /** The search itself failed: nothing is known yet. */
  | { readonly kind: 'unavailable'; readonly message: string };

/** Twilio's error code for a recipient who replied STOP. */
export const UNSUBSCRIBED_RECIPIENT_CODE = '21610';
