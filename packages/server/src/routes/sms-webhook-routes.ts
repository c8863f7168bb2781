import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '@tabline/database';
import { UUID_PATTERN } from '@tabline/domain';
import { SMS_INBOUND_PATH, SMS_STATUS_CALLBACK_PATH } from '@tabline/protocol';
import { ProblemError } from '../problem-error.ts';
import { recordOptReply } from '../sms/record-opt-reply.ts';
import { recordStatusCallback } from '../sms/record-status-callback.ts';
import { isTwilioSignatureValid } from '../sms/twilio-signature.ts';

/** What the server needs to check the SMS provider's webhooks. */
export interface SmsWebhookOptions {
  /** The account's auth token, which signs every webhook. */
  readonly authToken: string;
  /**
   * The server's public address as the provider reaches it (scheme, host,
   * port, no trailing slash): signatures cover the URL the provider called,
   * which behind a proxy is not the one this process sees.
   */
  readonly publicUrl: string;
}

const SMS_ID = new RegExp(UUID_PATTERN);

/** Webhook bodies are a few hundred bytes; this bounds them. */
const WEBHOOK_BODY_BYTES_MAX = 16 * 1024;

/** An empty TwiML answer: no reply of ours (Twilio answers STOP itself). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * The SMS provider's webhooks: status callbacks (which settle sends whose
 * answer was lost) and incoming messages (STOP and START). Both are
 * form-encoded and signed; an unsigned or wrongly signed request is refused
 * (403 `sms.signature_invalid`) and changes nothing.
 */
export function registerSmsWebhookRoutes(
  app: FastifyInstance,
  db: Database,
  options: SmsWebhookOptions,
) {
  return app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: WEBHOOK_BODY_BYTES_MAX },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    const verified = (request: FastifyRequest) => {
      const params = (request.body ?? {}) as Record<string, string>;
      const header = request.headers['x-twilio-signature'];
      const url = `${options.publicUrl}${request.url}`;
      if (!isTwilioSignatureValid(options.authToken, url, params, header as string | undefined)) {
        throw new ProblemError('sms.signature_invalid', 'The X-Twilio-Signature does not match.');
      }
      return params;
    };

    scope.post<{ Params: { smsId: string } }>(
      SMS_STATUS_CALLBACK_PATH,
      { schema: { hide: true } },
      async (request, reply) => {
        const params = verified(request);
        const messageSid = params['MessageSid'] ?? '';
        const messageStatus = params['MessageStatus'] ?? '';
        if (messageSid === '' || messageStatus === '') {
          throw new ProblemError('request.invalid', 'MessageSid and MessageStatus are required.');
        }
        const known =
          SMS_ID.test(request.params.smsId) &&
          (await recordStatusCallback(db, {
            smsId: request.params.smsId,
            messageSid,
            messageStatus,
          }));
        if (!known) throw new ProblemError('sms.unknown', 'No such text message.');
        return reply.code(204).send();
      },
    );

    scope.post(SMS_INBOUND_PATH, { schema: { hide: true } }, async (request, reply) => {
      const params = verified(request);
      const from = params['From'] ?? '';
      if (from === '') throw new ProblemError('request.invalid', 'From is required.');
      const outcome = await recordOptReply(db, from, params['Body'] ?? '');
      request.log.info({ outcome }, 'sms reply received');
      return reply.type('text/xml').send(EMPTY_TWIML);
    });
    done();
  });
}
