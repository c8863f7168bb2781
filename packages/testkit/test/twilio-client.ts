/**
 * A minimal Twilio client for the tests: real HTTP requests to the fake, as
 * the SMS worker will make them (form-encoded, Basic auth).
 */
import type { FakeSmsProvider } from '../src/index.ts';

export const basicAuth = (username: string, password: string): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export const messagesUrl = (provider: FakeSmsProvider, accountSid = provider.accountSid): string =>
  `${provider.url}/2010-04-01/Accounts/${accountSid}/Messages.json`;

export const VALID_MESSAGE = {
  To: '+15558675310',
  From: '+15005550006',
  Body: 'Tabline receipt: 2 x Lager, 13.00 USD',
} as const;

export interface SendOptions {
  readonly authorization?: string | null;
  readonly accountSid?: string;
  readonly signal?: AbortSignal;
}

export function postMessage(
  provider: FakeSmsProvider,
  params: Record<string, string> | URLSearchParams,
  options: SendOptions = {},
): Promise<Response> {
  const authorization =
    options.authorization === undefined
      ? basicAuth(provider.accountSid, provider.authToken)
      : options.authorization;
  return fetch(messagesUrl(provider, options.accountSid), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === null ? {} : { authorization }),
    },
    body: new URLSearchParams(params).toString(),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

export function getJson(provider: FakeSmsProvider, pathAndQuery: string): Promise<Response> {
  return fetch(`${provider.url}${pathAndQuery}`, {
    headers: { authorization: basicAuth(provider.accountSid, provider.authToken) },
  });
}
