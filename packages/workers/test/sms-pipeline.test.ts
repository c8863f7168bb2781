import { describe, expect, it, vi } from 'vitest';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo, searchesFor, sendsTo } from './support/fake-sms-traffic.ts';
import {
  addPhoneHolder,
  orderWithReceipt,
  placeOrder,
  recordReceipt,
  waitForNoSmsJobs,
  waitForSms,
} from './support/receipts.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

/**
 * The SMS pipeline end to end: orders pushed through the API, processed by
 * the workers, receipts sent by the workers through the Twilio client to the
 * fake Twilio over HTTP, status callbacks posted back to the API. Each test
 * has its own phone numbers, so the fake's records of one test are its own.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the SMS pipeline on ${kind}`, () => {
    const ctx = useSmsStack(kind, { webhooks: true });

    it('sends a receipt once with a validity period and a status callback, and follows it to delivered', async () => {
      const holder = await addPhoneHolder(ctx);
      const smsId = await orderWithReceipt(ctx, holder);
      const row = await waitForSms(ctx, smsId, { status: 'sent', deliveryStatus: 'delivered' });

      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(row).toMatchObject({ providerSid: messages[0]!.sid, attempts: 1, failureCode: null });
      expect(row.sentAtMs).not.toBeNull();
      const sends = sendsTo(ctx.fake, holder.phone);
      expect(sends.map((send) => send.status)).toEqual([201]);
      const params = sends[0]!.params;
      expect(params['StatusCallback']).toBe(`${ctx.stack.url}/v1/sms/status/${smsId}`);
      // The provider must drop the text once the receipt is past its lifetime.
      const validitySeconds = Number(params['ValidityPeriod']);
      expect(validitySeconds).toBeGreaterThanOrEqual(1);
      const remainingMs = ctx.settings.lifetimeMs - (row.claimedAtMs! - row.createdAtMs);
      expect(validitySeconds * 1000).toBeLessThanOrEqual(remainingMs);
      // Each callback was signed, accepted, and moved delivery_status on.
      await vi.waitFor(() => {
        const [message] = messagesTo(ctx.fake, holder.phone);
        expect(
          message!.callbacks.map((callback) => [callback.status, callback.httpStatus]),
        ).toEqual([
          ['sent', 204],
          ['delivered', 204],
        ]);
      });
    });

    it('fails a text the provider refuses for good (an invalid number) with its code, and never retries it', async () => {
      const orderId = await placeOrder(ctx, ctx.fixture.noPhoneWristbandUid);
      const invalid = '+0555123456'; // E.164 has no leading zero: Twilio answers 21211
      const smsId = await recordReceipt(ctx, orderId, invalid);
      await waitForSms(ctx, smsId, { status: 'failed', failureCode: '21211' });
      await waitForNoSmsJobs(ctx, smsId);
      const sends = sendsTo(ctx.fake, invalid);
      expect(sends.map((send) => [send.status, send.errorCode])).toEqual([[400, 21211]]);
      expect(messagesTo(ctx.fake, invalid)).toEqual([]);
    });

    it('fails a text to a number the provider reports unsubscribed, records the opt-out, and skips the next receipt without asking', async () => {
      const holder = await addPhoneHolder(ctx);
      ctx.fake.setUnsubscribed([holder.phone]);
      try {
        const first = await orderWithReceipt(ctx, holder);
        await waitForSms(ctx, first, { status: 'failed', failureCode: '21610' });
        const { rows } = await ctx.test.database.query<{ source: string }>(
          'select source from sms_opt_outs where phone = $1',
          [holder.phone],
        );
        expect(rows).toEqual([{ source: 'provider' }]);

        const second = await orderWithReceipt(ctx, holder);
        await waitForSms(ctx, second, { status: 'skipped', failureCode: 'sms.opted_out' });
        await waitForNoSmsJobs(ctx, first);
        await waitForNoSmsJobs(ctx, second);
        expect(sendsTo(ctx.fake, holder.phone).map((send) => send.errorCode)).toEqual([21610]);
        expect(messagesTo(ctx.fake, holder.phone)).toEqual([]);
      } finally {
        ctx.fake.setUnsubscribed([]);
      }
    });

    it('puts a throttled text back and sends it exactly once, no sooner than Retry-After', async () => {
      ctx.fake.setSwitches({ failNext: { mode: 'rate-limit', count: 1 }, retryAfterSeconds: 1 });
      const holder = await addPhoneHolder(ctx);
      const smsId = await orderWithReceipt(ctx, holder);
      const row = await waitForSms(ctx, smsId, { status: 'sent' });

      const sends = sendsTo(ctx.fake, holder.phone);
      expect(sends.map((send) => send.status)).toEqual([429, 201]);
      expect(sends[1]!.receivedAtMs - sends[0]!.receivedAtMs).toBeGreaterThanOrEqual(1_000);
      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(row).toMatchObject({ providerSid: messages[0]!.sid, attempts: 2 });
    });

    it('settles a send whose answer was dropped by its status callback, without sending it again', async () => {
      ctx.fake.setSwitches({ failNext: { mode: 'accept-then-drop', count: 1 } });
      const holder = await addPhoneHolder(ctx);
      const smsId = await orderWithReceipt(ctx, holder);
      const row = await waitForSms(ctx, smsId, { status: 'sent' });
      await waitForNoSmsJobs(ctx, smsId);

      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.responseDelivered).toBe(false);
      expect(row.providerSid).toBe(messages[0]!.sid);
      expect(sendsTo(ctx.fake, holder.phone).map((send) => send.outcome)).toEqual(['dropped']);
      // The callback came long before the search was due: none was needed.
      expect(searchesFor(ctx.fake, holder.phone)).toEqual([]);
    });

    for (const mode of ['error', 'hang'] as const) {
      it(`sends again, exactly once, a text whose send failed unprocessed (${mode}) once a search finds it absent`, async () => {
        ctx.fake.setSwitches({ failNext: { mode, count: 1 } });
        const holder = await addPhoneHolder(ctx);
        const smsId = await orderWithReceipt(ctx, holder);
        const row = await waitForSms(ctx, smsId, { status: 'sent' });
        await waitForNoSmsJobs(ctx, smsId);

        const sends = sendsTo(ctx.fake, holder.phone);
        expect(sends.map((send) => send.mode)).toEqual([mode, 'ok']);
        const searches = searchesFor(ctx.fake, holder.phone);
        expect(searches.length).toBeGreaterThanOrEqual(1);
        // Sent again only after a search, which came after the time-out and the settle wait.
        expect(searches[0]!.receivedAtMs).toBeGreaterThan(sends[0]!.receivedAtMs);
        expect(sends[1]!.receivedAtMs).toBeGreaterThanOrEqual(searches.at(-1)!.receivedAtMs);
        expect(searches[0]!.receivedAtMs - row.createdAtMs).toBeGreaterThanOrEqual(
          ctx.settings.settleAfterMs,
        );
        const messages = messagesTo(ctx.fake, holder.phone);
        expect(messages).toHaveLength(1);
        expect(row).toMatchObject({ providerSid: messages[0]!.sid, attempts: 2 });
      });
    }
  });
}
