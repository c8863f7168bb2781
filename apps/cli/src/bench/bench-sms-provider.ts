import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createTwilioSmsProvider } from '@tabline/workers';
import type { SmsProvider } from '@tabline/workers';

/** How long the healthy fake takes to answer a send: a quick Twilio. */
export const BENCH_SMS_LATENCY_MS = 20;

/** `ok`: healthy, answering after BENCH_SMS_LATENCY_MS; `hang`: reads each request and never answers. */
export type BenchSmsMode = 'ok' | 'hang';

export interface BenchSmsProvider {
  /** The fake Twilio: its events say when it accepts each message. */
  readonly fake: FakeSmsProvider;
  /** The workers' real Twilio client, pointed at the fake. */
  readonly provider: SmsProvider;
}

/** A fake Twilio on loopback in this process, and the Twilio client that calls it. */
export async function startBenchSmsProvider(mode: BenchSmsMode): Promise<BenchSmsProvider> {
  const fake = await startFakeSmsProvider({
    switches: { latencyMs: BENCH_SMS_LATENCY_MS, mode },
  });
  const provider = createTwilioSmsProvider({
    baseUrl: fake.url,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: '+15550100999',
  });
  return { fake, provider };
}
