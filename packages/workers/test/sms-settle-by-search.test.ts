import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo, searchesFor, sendsTo } from './support/fake-sms-traffic.ts';
import {
  addPhoneHolder,
  orderWithReceipt,
  waitForNoSmsJobs,
  waitForSms,
} from './support/receipts.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

/**
 * Without webhooks (the provider cannot reach the stack), a send whose
 * answer was lost is settled by searching the provider's messages alone:
 * found, it is recorded as sent with the provider's id and never sent again.
 */
for (const kind of testDatabaseKinds()) {
  describe(`settling lost answers by search, without webhooks, on ${kind}`, () => {
    const ctx = useSmsStack(kind, { webhooks: false });

    for (const mode of ['accept-then-drop', 'accept-then-error'] as const) {
      it(`finds a text the provider took before its answer was lost (${mode}) and does not send it again`, async () => {
        ctx.fake.setSwitches({ failNext: { mode, count: 1 } });
        const holder = await addPhoneHolder(ctx);
        const smsId = await orderWithReceipt(ctx, holder);
        const row = await waitForSms(ctx, smsId, { status: 'sent' });
        await waitForNoSmsJobs(ctx, smsId);

        const sends = sendsTo(ctx.fake, holder.phone);
        expect(sends.map((send) => send.mode)).toEqual([mode]);
        expect(sends[0]!.params['StatusCallback']).toBeUndefined();
        const messages = messagesTo(ctx.fake, holder.phone);
        expect(messages).toHaveLength(1);
        expect(messages[0]!.responseDelivered).toBe(false);
        expect(row).toMatchObject({ providerSid: messages[0]!.sid, attempts: 1 });
        // Settled by a search made once the settle wait was over.
        const searches = searchesFor(ctx.fake, holder.phone);
        expect(searches.map((search) => search.status)).toEqual([200]);
        expect(searches[0]!.receivedAtMs - row.claimedAtMs!).toBeGreaterThanOrEqual(
          ctx.settings.settleAfterMs,
        );
      });
    }

    it('finds a text the provider took only after the send had timed out, and does not send it again', async () => {
      // The fake answers after 1 s: past the 500 ms time-out, before the 1.5 s settle.
      const latencyMs = 1_000;
      expect(latencyMs).toBeGreaterThan(ctx.settings.timeoutMs);
      expect(latencyMs).toBeLessThan(ctx.settings.settleAfterMs);
      ctx.fake.setSwitches({ latencyMs });
      const holder = await addPhoneHolder(ctx);
      const created = new Promise<void>((resolve) => {
        ctx.fake.events.once('message', () => {
          // Later requests (the search) answer at once again.
          ctx.fake.setSwitches({ latencyMs: 0 });
          resolve();
        });
      });
      const smsId = await orderWithReceipt(ctx, holder);
      await created;
      const row = await waitForSms(ctx, smsId, { status: 'sent' });
      await waitForNoSmsJobs(ctx, smsId);

      expect(sendsTo(ctx.fake, holder.phone).map((send) => send.outcome)).toEqual([
        'connection-closed',
      ]);
      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(row).toMatchObject({ providerSid: messages[0]!.sid, attempts: 1 });
    });
  });
}
