import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo, sendsTo } from './support/fake-sms-traffic.ts';
import { postTwilioWebhook, problemCode } from './support/post-twilio-webhook.ts';
import {
  addPhoneHolder,
  orderWithReceipt,
  placeOrder,
  readSms,
  recordReceipt,
  waitForNoSmsJobs,
  waitForSms,
} from './support/receipts.ts';
import { TEST_SMS_FROM } from './support/sms-test-settings.ts';
import type { SmsStackContext } from './support/use-sms-stack.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

/** The numbers that opted out, with how they did. */
const optOutsOf = async (ctx: SmsStackContext, phone: string) =>
  (
    await ctx.test.database.query<{ source: string }>(
      'select source from sms_opt_outs where phone = $1',
      [phone],
    )
  ).rows;

/**
 * The SMS provider's webhooks on the API: STOP and START replies posted to
 * /v1/sms/inbound, status callbacks to /v1/sms/status/:smsId, each signed
 * with the account's auth token; a request without a valid signature is
 * refused and changes nothing.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the SMS webhooks on ${kind}`, () => {
    const ctx = useSmsStack(kind, { webhooks: true });
    const reply = (from: string, body: string, options: { signature?: string | null } = {}) =>
      postTwilioWebhook(
        `${ctx.stack.url}/v1/sms/inbound`,
        ctx.fake.authToken,
        {
          AccountSid: ctx.fake.accountSid,
          MessageSid: `SM${randomUUID().replaceAll('-', '')}`,
          From: from,
          To: TEST_SMS_FROM,
          Body: body,
        },
        options,
      );
    const statusCallback = (
      smsId: string,
      params: { MessageSid: string; MessageStatus: string },
      options: { signature?: string | null } = {},
    ) =>
      postTwilioWebhook(
        `${ctx.stack.url}/v1/sms/status/${smsId}`,
        ctx.fake.authToken,
        { AccountSid: ctx.fake.accountSid, From: TEST_SMS_FROM, ...params },
        options,
      );

    it('skips receipts to a number that replied STOP, without asking the provider, and sends again after START', async () => {
      const holder = await addPhoneHolder(ctx);
      const stop = await reply(holder.phone, ' Stop ');
      expect(stop.status).toBe(200);
      expect(stop.contentType).toMatch(/^text\/xml/);
      expect(stop.text).toContain('<Response></Response>');
      expect(await optOutsOf(ctx, holder.phone)).toEqual([{ source: 'reply' }]);

      const skipped = await orderWithReceipt(ctx, holder);
      await waitForSms(ctx, skipped, { status: 'skipped', failureCode: 'sms.opted_out' });
      await waitForNoSmsJobs(ctx, skipped);
      expect(sendsTo(ctx.fake, holder.phone)).toEqual([]);

      expect((await reply(holder.phone, 'START')).status).toBe(200);
      expect(await optOutsOf(ctx, holder.phone)).toEqual([]);
      const sent = await orderWithReceipt(ctx, holder);
      const row = await waitForSms(ctx, sent, { status: 'sent' });
      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages.map((message) => message.sid)).toEqual([row.providerSid]);
      // The skipped receipt stays skipped: it is never sent late.
      expect(await readSms(ctx, skipped)).toMatchObject({ status: 'skipped', attempts: 0 });
    });

    it('refuses a STOP that is unsigned or signed with another token (403) and records nothing', async () => {
      const holder = await addPhoneHolder(ctx);
      const forged = await reply(holder.phone, 'STOP', {
        signature: 'c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ==',
      });
      const unsigned = await reply(holder.phone, 'STOP', { signature: null });
      for (const answer of [forged, unsigned]) {
        expect(answer.status).toBe(403);
        expect(problemCode(answer)).toBe('sms.signature_invalid');
      }
      expect(await optOutsOf(ctx, holder.phone)).toEqual([]);
    });

    it('settles a pending text by a signed status callback, and refuses a forged one (403) without a change', async () => {
      const holder = await addPhoneHolder(ctx);
      const orderId = await placeOrder(ctx, ctx.fixture.noPhoneWristbandUid);
      // No job: only the callbacks move this text.
      const smsId = await recordReceipt(ctx, orderId, holder.phone, { enqueue: false });
      const sid = `SM${randomUUID().replaceAll('-', '')}`;

      const forged = await statusCallback(
        smsId,
        { MessageSid: sid, MessageStatus: 'delivered' },
        { signature: 'c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ==' },
      );
      expect(forged.status).toBe(403);
      expect(problemCode(forged)).toBe('sms.signature_invalid');
      expect(await readSms(ctx, smsId)).toMatchObject({
        status: 'pending',
        providerSid: null,
        deliveryStatus: null,
        sentAtMs: null,
      });

      const signed = await statusCallback(smsId, { MessageSid: sid, MessageStatus: 'delivered' });
      expect(signed.status).toBe(204);
      // Out of order: an earlier status arriving late does not move delivery back.
      expect((await statusCallback(smsId, { MessageSid: sid, MessageStatus: 'sent' })).status).toBe(
        204,
      );
      const row = await readSms(ctx, smsId);
      expect(row).toMatchObject({ status: 'sent', providerSid: sid, deliveryStatus: 'delivered' });
      expect(row.sentAtMs).not.toBeNull();
    });

    it('answers a signed status callback for a text never recorded with 404 sms.unknown', async () => {
      for (const smsId of [randomUUID(), 'not-a-text']) {
        const answer = await statusCallback(smsId, {
          MessageSid: `SM${randomUUID().replaceAll('-', '')}`,
          MessageStatus: 'delivered',
        });
        expect(answer.status).toBe(404);
        expect(problemCode(answer)).toBe('sms.unknown');
      }
    });
  });
}
