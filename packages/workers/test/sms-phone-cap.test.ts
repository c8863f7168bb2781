import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo, sendsTo } from './support/fake-sms-traffic.ts';
import {
  addPhoneHolder,
  orderWithReceipt,
  waitForNoSmsJobs,
  waitForSms,
} from './support/receipts.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

const PER_PHONE_PER_HOUR = 2;

/**
 * The per-phone cap bounds what one attendee's tab can cost in texts: past
 * `perPhonePerHour` texts in the last hour, receipts to that phone are
 * skipped (never sent later), while other phones are not held up.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the per-phone cap on ${kind}`, () => {
    const ctx = useSmsStack(kind, {
      webhooks: true,
      smsSettings: { perPhonePerHour: PER_PHONE_PER_HOUR },
    });

    it('skips receipts to a phone past its hourly cap with sms.phone_cap, and sends to other phones', async () => {
      const holder = await addPhoneHolder(ctx);
      const sent: string[] = [];
      for (let i = 0; i < PER_PHONE_PER_HOUR; i++) {
        const smsId = await orderWithReceipt(ctx, holder);
        sent.push((await waitForSms(ctx, smsId, { status: 'sent' })).providerSid!);
      }
      const over = await orderWithReceipt(ctx, holder);
      await waitForSms(ctx, over, { status: 'skipped', failureCode: 'sms.phone_cap', attempts: 0 });
      await waitForNoSmsJobs(ctx, over);

      expect(sendsTo(ctx.fake, holder.phone)).toHaveLength(PER_PHONE_PER_HOUR);
      expect(messagesTo(ctx.fake, holder.phone).map((message) => message.sid)).toEqual(sent);

      const other = await addPhoneHolder(ctx);
      await waitForSms(ctx, await orderWithReceipt(ctx, other), { status: 'sent' });
      expect(messagesTo(ctx.fake, other.phone)).toHaveLength(1);
    });
  });
}
