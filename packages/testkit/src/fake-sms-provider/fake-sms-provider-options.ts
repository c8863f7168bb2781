/**
 * Options of the fake SMS provider, and every default in one place
 * (`resolveFakeSmsProviderOptions`).
 */
import { assert, cryptoRandom, systemClock } from '@tabline/domain';
import type { Clock, Random } from '@tabline/domain';
import { DELAY_MS_MAX } from './fake-sms-provider-limits.ts';
import { DEFAULT_FAKE_SMS_SWITCHES, parseFakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import type { FakeSmsSwitches, FakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { ACCOUNT_SID_PATTERN } from './twilio-sid.ts';
import { isValidWebhookUrl } from './webhook-url.ts';

/**
 * The demo account the fake answers to when none is given. Not a real Twilio
 * account: `7ab11e` reads "tabline". Tests, the simulator and the local demo
 * all use it, so a configuration pointing at the fake works out of the box.
 */
export const DEMO_ACCOUNT_SID = 'AC7ab11e00000000000000000000000000';
export const DEMO_AUTH_TOKEN = '7ab11ef4ce0000000000000000000000';

/**
 * The sender the fake assigns when a message names a Messaging Service but no
 * `From` (Twilio picks one from the service's pool). It is Twilio's own
 * "magic" test number for a valid sender. It is also the fake's own number,
 * the one replies are sent to (`receiveReply`).
 */
export const MESSAGING_SERVICE_SENDER = '+15005550006';

export interface FakeSmsProviderOptions {
  /** Interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; default 0, an ephemeral port chosen by the system. */
  port?: number;
  /** The only account the fake accepts; default `DEMO_ACCOUNT_SID`. */
  accountSid?: string;
  /** That account's auth token; default `DEMO_AUTH_TOKEN`. */
  authToken?: string;
  /** Dates on messages and records; default the system clock. */
  clock?: Clock;
  /** Sids and callback idempotency tokens; default crypto randomness. */
  random?: Random;
  /** Wait before each status step (queued → sent → delivered); default 0. */
  deliveryDelayMs?: number;
  /**
   * Time-out of each webhook POST, status callbacks and incoming messages
   * alike; default 5,000 ms.
   */
  statusCallbackTimeoutMs?: number;
  /**
   * Where replies to the fake's number are POSTed (Twilio's SmsUrl of the
   * number); default null, none: replies are then only acted on (STOP).
   */
  incomingMessageUrl?: string | null;
  /** Switches to start with; default all off (`mode: 'ok'`, no latency). */
  switches?: FakeSmsSwitchesPatch;
}

export interface ResolvedFakeSmsProviderOptions {
  readonly host: string;
  readonly port: number;
  readonly accountSid: string;
  readonly authToken: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly deliveryDelayMs: number;
  readonly statusCallbackTimeoutMs: number;
  readonly incomingMessageUrl: string | null;
  readonly switches: FakeSmsSwitches;
}

const isDelayMs = (value: number): boolean =>
  Number.isInteger(value) && value >= 0 && value <= DELAY_MS_MAX;

export function resolveFakeSmsProviderOptions(
  options: FakeSmsProviderOptions = {},
): ResolvedFakeSmsProviderOptions {
  const resolved = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    accountSid: options.accountSid ?? DEMO_ACCOUNT_SID,
    authToken: options.authToken ?? DEMO_AUTH_TOKEN,
    clock: options.clock ?? systemClock,
    random: options.random ?? cryptoRandom,
    deliveryDelayMs: options.deliveryDelayMs ?? 0,
    statusCallbackTimeoutMs: options.statusCallbackTimeoutMs ?? 5_000,
    incomingMessageUrl: options.incomingMessageUrl ?? null,
    switches: resolveSwitches(options.switches ?? {}),
  };
  assert(ACCOUNT_SID_PATTERN.test(resolved.accountSid), 'accountSid must be AC + 32 hex digits');
  assert(resolved.authToken.length > 0, 'authToken must not be empty');
  assert(Number.isInteger(resolved.port) && resolved.port >= 0 && resolved.port <= 65535, 'port');
  assert(isDelayMs(resolved.deliveryDelayMs), `deliveryDelayMs must be 0..${DELAY_MS_MAX}`);
  assert(isDelayMs(resolved.statusCallbackTimeoutMs), 'statusCallbackTimeoutMs');
  const incomingMessageUrl = resolved.incomingMessageUrl;
  assert(
    incomingMessageUrl === null || isValidWebhookUrl(incomingMessageUrl),
    'incomingMessageUrl must be an http(s) URL',
  );
  return resolved;
}

function resolveSwitches(patch: FakeSmsSwitchesPatch): FakeSmsSwitches {
  const parsed = parseFakeSmsSwitchesPatch(patch);
  assert(parsed.ok, parsed.ok ? '' : parsed.error);
  return { ...DEFAULT_FAKE_SMS_SWITCHES, ...parsed.value };
}
