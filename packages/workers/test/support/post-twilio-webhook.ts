import { twilioSignature } from '@tabline/testkit';

export interface WebhookAnswer {
  readonly status: number;
  readonly contentType: string;
  /** The body's text; for a problem, parse it for its `code`. */
  readonly text: string;
}

/**
 * Posts a webhook as Twilio does: form-encoded, with `X-Twilio-Signature`
 * computed with `authToken` over `url` and the parameters. `signature`
 * replaces the computed one (null: none at all), for forged requests.
 */
export async function postTwilioWebhook(
  url: string,
  authToken: string,
  params: Readonly<Record<string, string>>,
  options: { signature?: string | null } = {},
): Promise<WebhookAnswer> {
  const signature =
    options.signature === undefined ? twilioSignature(authToken, url, params) : options.signature;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** The `code` of a problem answer. */
export const problemCode = (answer: WebhookAnswer): unknown =>
  (JSON.parse(answer.text) as { code?: unknown }).code;
