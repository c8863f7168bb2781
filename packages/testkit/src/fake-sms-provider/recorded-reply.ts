/**
 * What the fake remembers of a reply it received (see `receive-reply.ts`):
 * the message, what its keyword did, and the fate of its webhook.
 */
import type { OptOutChange } from './opt-out-keywords.ts';

export interface RecordedReply {
  /** `SM` + 32 hex: Twilio gives an incoming message a sid of its own. */
  readonly messageSid: string;
  readonly from: string;
  /** The fake's number (`MESSAGING_SERVICE_SENDER`). */
  readonly to: string;
  readonly body: string;
  /** What the body's keyword did to `from`'s subscription, or null for none. */
  readonly optOutChange: OptOutChange | null;
  readonly receivedAtMs: number;
  /** The incoming message URL posted to; null when none is set (nothing posted). */
  readonly url: string | null;
  /** The form parameters of the webhook, exactly as signed. */
  readonly params: Readonly<Record<string, string>>;
  /** The `X-Twilio-Signature` header sent, or null when nothing was posted. */
  readonly signature: string | null;
  /** The HTTP status the webhook answered, or null when nothing was posted or it failed. */
  readonly httpStatus: number | null;
  /** Why the webhook request failed (connection refused, time-out), or null. */
  readonly error: string | null;
}
