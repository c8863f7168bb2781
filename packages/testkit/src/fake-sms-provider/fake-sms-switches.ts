/**
 * The fault switches of the fake SMS provider: how it misbehaves, settable at
 * any time in-process (`setSwitches`) or over HTTP (`PUT /_fake/switches`).
 *
 * Modes, applied to requests of the Twilio API (never to `/_fake`):
 * - `ok`: behave like Twilio;
 * - `down`: reset the connection as soon as the request head arrives, without
 *   answering (nothing is processed). The listener stays open so that the
 *   control API keeps working, so clients see a reset rather than a refusal;
 * - `rate-limit`: answer 429 (code 20429) with `Retry-After:
 *   retryAfterSeconds`, nothing processed;
 * - `error`: answer 500 (code 20500), nothing processed;
 * - `hang`: read the request and do not answer, nothing processed. Hung
 *   requests are answered 500 (code 20500) by the first change of switches
 *   that leaves the mode other than `hang` (for a `failNext` hang, any change
 *   while the mode is not `hang`), and by a reset; closing destroys them.
 *   Answering rather than destroying tells a client still waiting that the
 *   outage is over, and leaves no socket behind. With `hangMs` > 0 a hung
 *   request is also answered 500 (code 20500) once it has hung that long:
 *   a slow upstream that gives up, rather than one that never answers. The
 *   `hangMs` in force when a request is parked is the one it keeps;
 * - `accept-then-drop`: process the request (a create records the message,
 *   which goes on to be delivered), then reset the connection instead of
 *   answering;
 * - `accept-then-error`: process the request, then answer 500 (code 20500)
 *   instead of the real answer.
 * The two `accept-then-*` modes apply to creates only: reads (list, fetch) are
 * answered normally, so a client can reconcile a send whose outcome it lost.
 *
 * `failNext` applies a mode to the next `count` create requests only, then
 * clears itself; `latencyMs` delays every answer (not a `down` reset).
 * `hangMs` 0 (the default) hangs until the switches change.
 */
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import {
  DELAY_MS_MAX,
  FAIL_NEXT_COUNT_MAX,
  RETRY_AFTER_SECONDS_MAX,
} from './fake-sms-provider-limits.ts';

export const FAKE_SMS_MODES = [
  'ok',
  'down',
  'rate-limit',
  'error',
  'hang',
  'accept-then-drop',
  'accept-then-error',
] as const;
export type FakeSmsMode = (typeof FAKE_SMS_MODES)[number];

export interface FakeSmsFailNext {
  readonly mode: FakeSmsMode;
  /** How many more create requests get `mode`. */
  readonly count: number;
}

export interface FakeSmsSwitches {
  readonly latencyMs: number;
  readonly mode: FakeSmsMode;
  /** How long a `hang` lasts before it is answered 500; 0 = until the switches change. */
  readonly hangMs: number;
  /** The `Retry-After` header of `rate-limit` answers, in seconds. */
  readonly retryAfterSeconds: number;
  readonly failNext: FakeSmsFailNext | null;
}

export type FakeSmsSwitchesPatch = Partial<FakeSmsSwitches>;

export const DEFAULT_FAKE_SMS_SWITCHES: FakeSmsSwitches = {
  latencyMs: 0,
  mode: 'ok',
  hangMs: 0,
  retryAfterSeconds: 1,
  failNext: null,
};

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const isMode = (value: unknown): value is FakeSmsMode =>
  typeof value === 'string' && (FAKE_SMS_MODES as readonly string[]).includes(value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `failNext` of count 0 means "none". Undefined when the value is invalid. */
function parseFailNext(value: unknown): FakeSmsFailNext | null | undefined {
  if (value === null) return null;
  if (!isRecord(value) || !isMode(value.mode)) return undefined;
  if (!isIntegerIn(value.count, 0, FAIL_NEXT_COUNT_MAX)) return undefined;
  return value.count === 0 ? null : { mode: value.mode, count: value.count };
}

/** One reader per switch; each gives undefined for an invalid value. */
const SWITCH_READERS: { readonly [K in keyof FakeSmsSwitches]: (v: unknown) => unknown } = {
  latencyMs: (v) => (isIntegerIn(v, 0, DELAY_MS_MAX) ? v : undefined),
  mode: (v) => (isMode(v) ? v : undefined),
  hangMs: (v) => (isIntegerIn(v, 0, DELAY_MS_MAX) ? v : undefined),
  retryAfterSeconds: (v) => (isIntegerIn(v, 0, RETRY_AFTER_SECONDS_MAX) ? v : undefined),
  failNext: parseFailNext,
};

const SWITCH_RULES =
  `latencyMs: integer 0..${DELAY_MS_MAX}; mode: one of ${FAKE_SMS_MODES.join(', ')}; ` +
  `hangMs: integer 0..${DELAY_MS_MAX}; ` +
  `retryAfterSeconds: integer 0..${RETRY_AFTER_SECONDS_MAX}; ` +
  `failNext: null or { mode, count: integer 0..${FAIL_NEXT_COUNT_MAX} }`;

/** Checks a partial set of switches from an untrusted source (JSON). */
export function parseFakeSmsSwitchesPatch(input: unknown): Result<FakeSmsSwitchesPatch, string> {
  if (!isRecord(input)) return err(`switches must be a JSON object (${SWITCH_RULES})`);
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(input)) {
    if (!Object.hasOwn(SWITCH_READERS, name)) return err(`unknown switch '${name}'`);
    const parsed = SWITCH_READERS[name as keyof FakeSmsSwitches](value);
    if (parsed === undefined) return err(`invalid value for switch '${name}' (${SWITCH_RULES})`);
    entries.push([name, parsed]);
  }
  return ok(Object.fromEntries(entries) as FakeSmsSwitchesPatch);
}
