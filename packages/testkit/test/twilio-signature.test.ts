import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, twilioSignature } from '../src/index.ts';

describe('twilioSignature', () => {
  // The example of Twilio's documentation on validating its requests.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  };

  it("matches Twilio's published example", () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('does not depend on the order the parameters come in', () => {
    const reversed = Object.fromEntries(Object.entries(params).reverse());
    expect(twilioSignature('12345', url, reversed)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('changes with the token, the URL or any parameter', () => {
    const original = twilioSignature('12345', url, params);
    expect(twilioSignature('12346', url, params)).not.toBe(original);
    expect(twilioSignature('12345', `${url}&baz=3`, params)).not.toBe(original);
    expect(twilioSignature('12345', url, { ...params, Digits: '1235' })).not.toBe(original);
  });

  it('is verified by isValidTwilioSignature, and any change to the request fails it', () => {
    const signature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(isValidTwilioSignature('12345', url, params, signature)).toBe(true);
    expect(isValidTwilioSignature('12346', url, params, signature)).toBe(false);
    expect(isValidTwilioSignature('12345', `${url}&baz=3`, params, signature)).toBe(false);
    expect(isValidTwilioSignature('12345', url, { ...params, Extra: '' }, signature)).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, signature.slice(1))).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, undefined)).toBe(false);
  });
});
