import { describe, expect, it } from 'vitest';
import { readFakeSmsProviderConfig } from '../src/index.ts';

describe('the command line of the fake SMS provider', () => {
  it('takes the incoming message URL from a flag, else from the environment', () => {
    const env = { FAKE_SMS_INCOMING_MESSAGE_URL: 'http://127.0.0.1:4000/sms/env' };
    const flag = ['--incoming-message-url', 'http://127.0.0.1:4000/sms/flag'];
    expect(readFakeSmsProviderConfig(flag, env)).toEqual({
      ok: true,
      value: { incomingMessageUrl: 'http://127.0.0.1:4000/sms/flag' },
    });
    expect(readFakeSmsProviderConfig([], env)).toEqual({
      ok: true,
      value: { incomingMessageUrl: 'http://127.0.0.1:4000/sms/env' },
    });
    expect(readFakeSmsProviderConfig([], {})).toEqual({ ok: true, value: {} });
  });

  it('refuses an incoming message URL Twilio would refuse, saying so', () => {
    const config = readFakeSmsProviderConfig(['--incoming-message-url', 'ftp://x/sms'], {});
    expect(config).toEqual({
      ok: false,
      error: expect.stringMatching(/incoming message URL/) as string,
    });
  });
});
