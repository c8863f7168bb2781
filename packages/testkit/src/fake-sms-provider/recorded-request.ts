/**
 * What the fake SMS provider remembers about each request to its Twilio API
 * (the `/_fake` control API is not logged): including those it rejected,
 * reset, dropped or left hanging, so a test can tell "the client never
 * reached us" from "we answered and the answer was lost".
 */
import type { FakeSmsMode } from './fake-sms-switches.ts';

/**
 * - `pending`: received, not yet answered (reading, or waiting `latencyMs`);
 * - `hung`: parked by the `hang` mode, waiting for the mode to change;
 * - `answered`: an answer was written completely (see `status`);
 * - `reset`: the connection was reset instead of answering (`down`);
 * - `dropped`: processed, then the connection was reset instead of
 *   answering (`accept-then-drop`);
 * - `connection-closed`: the connection closed before an answer could be
 *   written (the client gave up, or the fake was closed).
 */
export const REQUEST_OUTCOMES = [
  'pending',
  'hung',
  'answered',
  'reset',
  'dropped',
  'connection-closed',
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export interface RecordedRequest {
  /** `RQ` + 32 hex, also sent as Twilio's `Twilio-Request-Id` header. */
  readonly sid: string;
  readonly method: string;
  readonly path: string;
  /** Query parameters (first value of each name). */
  readonly query: Readonly<Record<string, string>>;
  /** Form parameters of the body (first value of each name); empty until read. */
  readonly params: Readonly<Record<string, string>>;
  readonly receivedAtMs: number;
  /** The mode that applied to this request (the switch, or `failNext`). */
  readonly mode: FakeSmsMode;
  readonly outcome: RequestOutcome;
  /** The HTTP status answered, or null when no answer was written. */
  readonly status: number | null;
  /** Twilio's error code when the answer was an error, else null. */
  readonly errorCode: number | null;
  /** The message this request created, if any (also when its answer was lost). */
  readonly messageSid: string | null;
}
