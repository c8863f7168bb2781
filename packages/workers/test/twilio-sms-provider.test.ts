import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createTwilioSmsProvider } from '@tabline/workers';

let fake: FakeSmsProvider;
beforeAll(async () => {
  fake = await startFakeSmsProvider();
});
afterAll(async () => {
  await fake.close();
});

const send = (from: string, to: string) =>
  createTwilioSmsProvider({
    baseUrl: fake.url,
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from,
  }).send(
    { to, body: 'Ref 00000001', statusCallbackUrl: null, validityPeriodSeconds: 600 },
    AbortSignal.timeout(10_000),
  );

describe("the Twilio client's reading of a refusal", () => {
  it('fails a message for good when Twilio refuses that message (an invalid number)', async () => {
    await expect(send('+15005550006', '555-not-a-number')).resolves.toMatchObject({
      kind: 'rejected',
      code: '21211',
    });
  });

  it('keeps a message to send later when Twilio refuses our set-up (an invalid sender)', async () => {
    const outcome = await send('not a sender!', '+15558675310');
    expect(outcome).toMatchObject({ kind: 'not-sent' });
    expect(outcome.kind === 'not-sent' && outcome.message).toMatch(/^400 21212/);
  });

  it('keeps a message to send later when our credentials are refused', async () => {
    const outcome = await createTwilioSmsProvider({
      baseUrl: fake.url,
      accountSid: fake.accountSid,
      authToken: 'wrong',
      from: '+15005550006',
    }).send(
      { to: '+15558675310', body: 'x', statusCallbackUrl: null, validityPeriodSeconds: 600 },
      AbortSignal.timeout(10_000),
    );
    expect(outcome).toMatchObject({ kind: 'not-sent' });
  });
});
