/**
 * The command line of the standalone fake SMS provider
 * (`fake-sms-provider-main.ts`): flags, then environment variables, then the
 * defaults of `resolveFakeSmsProviderOptions`.
 *
 *   --host <address>            FAKE_SMS_HOST            default 127.0.0.1
 *   --port <number>             FAKE_SMS_PORT            default 0 (ephemeral)
 *   --account-sid <AC…>         FAKE_SMS_ACCOUNT_SID     default the demo account
 *   --auth-token <token>        FAKE_SMS_AUTH_TOKEN      default the demo token
 *   --delivery-delay-ms <ms>    FAKE_SMS_DELIVERY_DELAY_MS  default 0
 *   --incoming-message-url <url>  FAKE_SMS_INCOMING_MESSAGE_URL  default none
 */
import { parseArgs } from 'node:util';
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import { DELAY_MS_MAX } from './fake-sms-provider-limits.ts';
import type { FakeSmsProviderOptions } from './fake-sms-provider-options.ts';
import { ACCOUNT_SID_PATTERN } from './twilio-sid.ts';
import { isValidWebhookUrl } from './webhook-url.ts';

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'account-sid': { type: 'string' },
  'auth-token': { type: 'string' },
  'delivery-delay-ms': { type: 'string' },
  'incoming-message-url': { type: 'string' },
} as const;

type Environment = Readonly<Record<string, string | undefined>>;

function integerIn(raw: string, min: number, max: number): number | null {
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : null;
}

function readValues(argv: readonly string[], env: Environment) {
  const { values } = parseArgs({ args: [...argv], options: FLAGS, strict: true });
  return {
    host: values.host ?? env.FAKE_SMS_HOST,
    port: values.port ?? env.FAKE_SMS_PORT,
    accountSid: values['account-sid'] ?? env.FAKE_SMS_ACCOUNT_SID,
    authToken: values['auth-token'] ?? env.FAKE_SMS_AUTH_TOKEN,
    deliveryDelayMs: values['delivery-delay-ms'] ?? env.FAKE_SMS_DELIVERY_DELAY_MS,
    incomingMessageUrl: values['incoming-message-url'] ?? env.FAKE_SMS_INCOMING_MESSAGE_URL,
  };
}

/** Options from the command line and environment, or a message saying what is wrong. */
export function readFakeSmsProviderConfig(
  argv: readonly string[],
  env: Environment,
): Result<FakeSmsProviderOptions, string> {
  let raw: ReturnType<typeof readValues>;
  try {
    raw = readValues(argv, env);
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  const options: FakeSmsProviderOptions = {};
  if (raw.host !== undefined) options.host = raw.host;
  if (raw.port !== undefined) {
    const port = integerIn(raw.port, 0, 65535);
    if (port === null) return err(`port must be an integer 0..65535, not '${raw.port}'`);
    options.port = port;
  }
  if (raw.accountSid !== undefined) {
    if (!ACCOUNT_SID_PATTERN.test(raw.accountSid)) return err('account SID must be AC + 32 hex');
    options.accountSid = raw.accountSid;
  }
  if (raw.authToken !== undefined) {
    if (raw.authToken === '') return err('auth token must not be empty');
    options.authToken = raw.authToken;
  }
  if (raw.deliveryDelayMs !== undefined) {
    const delayMs = integerIn(raw.deliveryDelayMs, 0, DELAY_MS_MAX);
    if (delayMs === null) return err(`delivery delay must be an integer 0..${DELAY_MS_MAX} ms`);
    options.deliveryDelayMs = delayMs;
  }
  if (raw.incomingMessageUrl !== undefined) {
    if (!isValidWebhookUrl(raw.incomingMessageUrl)) {
      return err(`incoming message URL must be an http(s) URL, not '${raw.incomingMessageUrl}'`);
    }
    options.incomingMessageUrl = raw.incomingMessageUrl;
  }
  return ok(options);
}
