import type { SmsSettings } from '@tabline/workers';

/**
 * The SMS sender's settings in these tests: every wait shortened so that a
 * time-out, a settle and a half-open circuit each take about a second, and
 * a test of them seconds. The caps and the lifetime keep their defaults
 * unless a test is about them.
 */
export const TEST_SMS_SETTINGS = {
  timeoutMs: 500,
  settleAfterMs: 1_500,
  breakerHalfOpenAfterMs: 1_000,
  retryBaseMs: 100,
  retryMaxMs: 1_000,
} as const satisfies Partial<SmsSettings>;

/** The sender number the tests send from (Twilio's magic valid sender). */
export const TEST_SMS_FROM = '+15005550006';
