import { afterEach, describe, expect, it } from 'vitest';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { processOrder, startWorkers } from '@tabline/workers';
import type { Workers } from '@tabline/workers';
import type { RecordedRequest } from '@tabline/testkit';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { messagesTo } from './support/fake-sms-traffic.ts';
import {
  addPhoneHolder,
  placeOrders,
  receiptOf,
  waitForNoSmsJobs,
  waitForSms,
} from './support/receipts.ts';
import { useSmsStack } from './support/use-sms-stack.ts';

const BREAKER_FAILURES = 3;
/** Half-open trials that fail before the provider comes back. */
const FAILED_TRIALS = 2;
const TEXTS = 4;

/**
 * A provider that is down (every connection reset, nothing processed) is not
 * hammered: after `breakerFailures` failed calls in a row the circuit opens,
 * and while it is open no request leaves; once the wait is over one trial
 * call goes, and the circuit opens again when it fails. When the provider
 * comes back every text is sent, once. One call at a time (`concurrency: 1`),
 * so that the requests the fake sees are the breaker's calls in order; the
 * receipts are all queued before the workers start, so the first calls go
 * out back to back.
 */
for (const kind of testDatabaseKinds()) {
  describe(`the SMS circuit breaker on ${kind}`, () => {
    const ctx = useSmsStack(kind, {
      webhooks: true,
      workers: false,
      smsSettings: { breakerFailures: BREAKER_FAILURES, concurrency: 1 },
    });
    let workers: Workers | null = null;
    afterEach(async () => {
      await workers?.stop();
      workers = null;
    });

    /** Every order processed and its receipt's job queued, no worker running. */
    const queuedReceipts = async (wristbandUids: readonly string[]) => {
      const deps = {
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        random: cryptoRandom,
      };
      const orderIds = await placeOrders(ctx, wristbandUids);
      for (const orderId of orderIds) {
        expect(await processOrder(deps, orderId)).toBe('charged');
      }
      return Promise.all(orderIds.map((orderId) => receiptOf(ctx, orderId)));
    };
    /** The workers as the test stack runs them. */
    const startStackWorkers = () =>
      startWorkers({
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        smsProvider: ctx.provider,
        clock: systemClock,
        random: cryptoRandom,
        logger: silentLogger,
        processOrder: { pollingIntervalSeconds: 0.5 },
        sendSms: { pollingIntervalSeconds: 0.5 },
        smsSettings: ctx.settings,
        publicUrl: ctx.stack.url,
      });
    const failedRequests = (count: number) =>
      new Promise<void>((resolve) => {
        let failed = 0;
        const onRequest = (request: RecordedRequest) => {
          if (request.mode !== 'down' || ++failed < count) return;
          ctx.fake.events.off('request', onRequest);
          resolve();
        };
        ctx.fake.events.on('request', onRequest);
      });

    it('opens after breakerFailures failed calls, lets nothing through while open, and sends each text once after recovery', async () => {
      const halfOpenAfterMs = ctx.settings.breakerHalfOpenAfterMs;
      const holders = [];
      for (let i = 0; i < TEXTS; i++) holders.push(await addPhoneHolder(ctx));
      const smsIds = await queuedReceipts(holders.map((holder) => holder.wristbandUid));
      ctx.fake.setSwitches({ mode: 'down' });
      const failedEnough = failedRequests(BREAKER_FAILURES + FAILED_TRIALS);
      workers = await startStackWorkers();
      await failedEnough;
      ctx.fake.setSwitches({ mode: 'ok' });

      for (const smsId of smsIds) {
        await waitForSms(ctx, smsId, { status: 'sent' });
        await waitForNoSmsJobs(ctx, smsId);
      }
      for (const holder of holders) expect(messagesTo(ctx.fake, holder.phone)).toHaveLength(1);

      const failed = ctx.fake
        .requests()
        .filter((request) => request.mode === 'down')
        .sort((a, b) => a.receivedAtMs - b.receivedAtMs);
      const gapsMs = failed
        .slice(1)
        .map((request, i) => request.receivedAtMs - failed[i]!.receivedAtMs);
      // The first failures went out back to back: the circuit was still closed.
      for (const gapMs of gapsMs.slice(0, BREAKER_FAILURES - 1)) {
        expect(gapMs).toBeLessThan(halfOpenAfterMs);
      }
      // Then open: each later call is a lone trial, a whole half-open wait after the last.
      expect(gapsMs.length).toBeGreaterThanOrEqual(BREAKER_FAILURES + FAILED_TRIALS - 1);
      for (const gapMs of gapsMs.slice(BREAKER_FAILURES - 1)) {
        expect(gapMs).toBeGreaterThanOrEqual(halfOpenAfterMs);
      }
    });
  });
}
