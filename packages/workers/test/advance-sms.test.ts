import { beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom, cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { advanceSms, guardSmsProvider, processOrder } from '@tabline/workers';
import type { SmsSender } from '@tabline/workers';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo, searchesFor, sendsTo } from './support/fake-sms-traffic.ts';
import type { PhoneHolder } from './support/receipts.ts';
import { addPhoneHolder, placeOrder, readSms, receiptOf } from './support/receipts.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

/**
 * The sender's step, run by hand (no workers): what a job run twice, at the
 * same time, or too late does. Orders go through the API and the real order
 * processor; texts go to the fake Twilio over HTTP. Where a test needs time
 * to have passed, it moves the text's timestamps back rather than waiting.
 */
for (const kind of testDatabaseKinds()) {
  describe(`advanceSms run by hand on ${kind}`, () => {
    const ctx = useSmsStack(kind, { webhooks: false, workers: false });
    const never = new AbortController().signal;
    let sender: SmsSender;
    beforeAll(() => {
      sender = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        provider: guardSmsProvider(ctx.provider, ctx.settings, systemClock),
        settings: ctx.settings,
        // Only the jitter of delays is drawn, and no test here waits one out.
        random: createSeededRandom(1),
        logger: silentLogger,
        statusCallbackUrl: null,
      };
    });

    /** An order for the holder, processed, and its receipt (pending, its job never run). */
    const pendingReceipt = async (holder: PhoneHolder) => {
      const orderId = await placeOrder(ctx, holder.wristbandUid);
      const deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
      expect(await processOrder(deps, orderId)).toBe('charged');
      return receiptOf(ctx, orderId);
    };
    const step = (smsId: string) => advanceSms(sender, { smsId }, never);
    const moveBack = (smsId: string, column: 'created_at' | 'claimed_at', ms: number) =>
      ctx.test.database.query(
        `update sms_messages set ${column} = ${column} - $2 * interval '1 millisecond' where id = $1`,
        [smsId, ms],
      );

    it('sends a text once when its step runs twice at the same time, and does nothing on a third run', async () => {
      const holder = await addPhoneHolder(ctx);
      const smsId = await pendingReceipt(holder);
      const outcomes = await Promise.all([step(smsId), step(smsId)]);
      // The loser either found the claim taken, or saw the text in flight
      // and put off a settle (a job no worker runs here).
      expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
      const [other] = outcomes.filter((outcome) => outcome !== 'sent');
      expect(['nothing-to-do', 'put-off']).toContain(other);
      expect(await step(smsId)).toBe('nothing-to-do');

      expect(sendsTo(ctx.fake, holder.phone)).toHaveLength(1);
      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(await readSms(ctx, smsId)).toMatchObject({
        status: 'sent',
        attempts: 1,
        providerSid: messages[0]!.sid,
      });
    });

    it('sends again only once when the settle of a lost answer runs twice at the same time', async () => {
      const holder = await addPhoneHolder(ctx);
      const smsId = await pendingReceipt(holder);
      ctx.fake.setSwitches({ failNext: { mode: 'error', count: 1 } });
      expect(await step(smsId)).toBe('unknown');
      await moveBack(smsId, 'claimed_at', ctx.settings.settleAfterMs);

      const outcomes = await Promise.all([step(smsId), step(smsId)]);
      expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
      expect(sendsTo(ctx.fake, holder.phone).map((send) => send.status)).toEqual([500, 201]);
      expect(searchesFor(ctx.fake, holder.phone).length).toBeGreaterThanOrEqual(1);
      const messages = messagesTo(ctx.fake, holder.phone);
      expect(messages).toHaveLength(1);
      expect(await readSms(ctx, smsId)).toMatchObject({
        status: 'sent',
        attempts: 2,
        providerSid: messages[0]!.sid,
      });
    });

    it('skips a receipt past its lifetime with sms.expired and never sends it', async () => {
      const holder = await addPhoneHolder(ctx);
      const expired = await pendingReceipt(holder);
      await moveBack(expired, 'created_at', ctx.settings.lifetimeMs);
      expect(await step(expired)).toBe('skipped');
      // Less than a second left: too little for the shortest ValidityPeriod.
      const almost = await pendingReceipt(holder);
      await moveBack(almost, 'created_at', ctx.settings.lifetimeMs - 500);
      expect(await step(almost)).toBe('skipped');

      for (const smsId of [expired, almost]) {
        expect(await readSms(ctx, smsId)).toMatchObject({
          status: 'skipped',
          failureCode: 'sms.expired',
          attempts: 0,
        });
        expect(await step(smsId)).toBe('nothing-to-do');
      }
      expect(sendsTo(ctx.fake, holder.phone)).toEqual([]);
    });

    it('asks the provider to drop a late receipt when its lifetime ends, not after', async () => {
      const holder = await addPhoneHolder(ctx);
      const smsId = await pendingReceipt(holder);
      await moveBack(smsId, 'created_at', ctx.settings.lifetimeMs - 10_000);
      expect(await step(smsId)).toBe('sent');
      const [send] = sendsTo(ctx.fake, holder.phone);
      const validityPeriodSeconds = Number(send!.params['ValidityPeriod']);
      const row = await readSms(ctx, smsId);
      const remainingMs = ctx.settings.lifetimeMs - (row.claimedAtMs! - row.createdAtMs);
      expect(validityPeriodSeconds * 1000).toBeLessThanOrEqual(remainingMs);
      expect(validityPeriodSeconds).toBeGreaterThanOrEqual(Math.floor(remainingMs / 1000));
      expect(validityPeriodSeconds).toBeLessThanOrEqual(10);
    });
  });
}
