import { afterAll, beforeAll } from 'vitest';
import type { DatabaseKind } from '@tabline/database';
import { createTwilioSmsProvider, resolveSmsSettings } from '@tabline/workers';
import type { SmsProvider, SmsSettings } from '@tabline/workers';
import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { TEST_SMS_FROM, TEST_SMS_SETTINGS } from './sms-test-settings.ts';

export interface SmsStackContext {
  readonly test: TestDatabase;
  readonly stack: TestStack;
  readonly fixture: EventFixture;
  /** The fake Twilio the stack sends through, over HTTP. */
  readonly fake: FakeSmsProvider;
  /** The Twilio client pointed at the fake (unguarded), for tests that build a sender. */
  readonly provider: SmsProvider;
  /** The sender's settings, resolved as the workers resolve them. */
  readonly settings: SmsSettings;
}

export interface SmsStackOptions {
  /** Over TEST_SMS_SETTINGS. */
  readonly smsSettings?: Partial<SmsSettings>;
  /** Serve the webhooks and ask the fake for status callbacks to this stack. */
  readonly webhooks: boolean;
  /** False: no workers; the test runs the order processor and the sender itself. */
  readonly workers?: boolean;
}

/**
 * Inside a `describe`: a fresh database of `kind`, the fake Twilio on a real
 * port, the server stack sending through it with short SMS settings, and an
 * event fixture. Ready once `beforeAll` has run.
 */
export function useSmsStack(kind: DatabaseKind, options: SmsStackOptions): SmsStackContext {
  const context = {} as { -readonly [K in keyof SmsStackContext]: SmsStackContext[K] };
  beforeAll(async () => {
    context.settings = resolveSmsSettings({ ...TEST_SMS_SETTINGS, ...options.smsSettings });
    context.fake = await startFakeSmsProvider();
    context.provider = createTwilioSmsProvider({
      baseUrl: context.fake.url,
      accountSid: context.fake.accountSid,
      authToken: context.fake.authToken,
      from: TEST_SMS_FROM,
    });
    context.test = await createTestDatabase(kind);
    context.stack = await startTestStack(context.test, {
      smsProvider: context.provider,
      smsSettings: context.settings,
      workers: options.workers ?? true,
      ...(options.webhooks ? { smsWebhooks: { authToken: context.fake.authToken } } : {}),
    });
    context.fixture = await createEventFixture(context.test.database);
  });
  afterAll(async () => {
    await context.stack?.stop();
    await context.fake?.close();
    await context.test?.dispose();
  });
  return context;
}
