/**
 * The SMS provider at the edge of the system, behind a narrow interface.
 * `send` never throws for operating errors: it says what is known about the
 * message, because what happens next depends on exactly that.
 */
export interface SmsProvider {
  send(message: OutgoingSms, signal: AbortSignal): Promise<SmsSendOutcome>;
}

export interface OutgoingSms {
  readonly to: string;
  readonly body: string;
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
