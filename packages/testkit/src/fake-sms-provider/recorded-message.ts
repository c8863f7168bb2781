/**
 * What the fake SMS provider remembers about each message it accepted: what
 * the client asked for, where the message is in its life, whether the 201
 * answer reached the client, and every status callback it attempted. Tests
 * assert on these ("exactly 50 texts, no duplicate bodies").
 */

/**
 * The statuses a message goes through in the fake, in order: `queued` when
 * created (the 201 answer says so), then `sent`, then `delivered`, each after
 * the provider's `deliveryDelayMs`.
 */
export const FAKE_MESSAGE_STATUSES = ['queued', 'sent', 'delivered'] as const;
export type FakeMessageStatus = (typeof FAKE_MESSAGE_STATUSES)[number];

/** One status callback the fake POSTed (or tried to). */
export interface RecordedStatusCallback {
  readonly messageSid: string;
  readonly status: 'sent' | 'delivered';
  readonly url: string;
  /** The form parameters posted, exactly as signed. */
  readonly params: Readonly<Record<string, string>>;
  /** The `X-Twilio-Signature` header sent. */
  readonly signature: string;
  readonly attemptedAtMs: number;
  /** The HTTP status the callback URL answered, or null when the request failed. */
  readonly httpStatus: number | null;
  /** Why the request failed (connection refused, time-out), or null. */
  readonly error: string | null;
}

export interface RecordedMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  /** The sender; for a Messaging Service without `From`, assigned when sent. */
  readonly from: string | null;
  readonly body: string | null;
  readonly mediaUrls: readonly string[];
  readonly contentSid: string | null;
  readonly messagingServiceSid: string | null;
  readonly validityPeriodSeconds: number | null;
  readonly statusCallback: string | null;
  readonly status: FakeMessageStatus;
  readonly numSegments: number;
  readonly dateCreatedMs: number;
  readonly dateSentMs: number | null;
  readonly dateUpdatedMs: number;
  /** The id (`RQ…`) of the request that created it; see `RecordedRequest`. */
  readonly requestSid: string;
  /**
   * True once the 201 answer carrying this message was written completely to
   * the client's connection. Stays false while the answer is delayed, and for
   * good under `accept-then-drop` and `accept-then-error`, or when the client
   * hung up first: the message exists but the client cannot know it.
   */
  readonly responseDelivered: boolean;
  readonly callbacks: readonly RecordedStatusCallback[];
}
