/**
 * One webhook request, as Twilio sends them (a status callback to a message's
 * StatusCallback URL, an incoming message to a number's SmsUrl): a
 * form-encoded POST signed with `X-Twilio-Signature`. A failure (refused,
 * time-out, aborted) is returned as a value: the fake records it and moves
 * on, as Twilio does.
 */
import { twilioSignature } from './twilio-signature.ts';

export interface TwilioWebhookRequest {
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly authToken: string;
  readonly timeoutMs: number;
  /** Aborts the request when the fake is reset or closed. */
  readonly signal: AbortSignal;
}

export interface TwilioWebhookResult {
  readonly signature: string;
  readonly httpStatus: number | null;
  readonly error: string | null;
}

export async function postTwilioWebhook(
  request: TwilioWebhookRequest,
): Promise<TwilioWebhookResult> {
  const signature = twilioSignature(request.authToken, request.url, request.params);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'TwilioProxy/1.1',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(request.params).toString(),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
    // Twilio ignores the answer's body; discarding it frees the connection.
    await response.body?.cancel();
    return { signature, httpStatus: response.status, error: null };
  } catch (error) {
    return { signature, httpStatus: null, error: describeFetchError(error) };
  }
}

/** fetch hides the network reason in `cause`; keep both for the record. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
