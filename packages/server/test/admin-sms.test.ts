import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type { PushResponse, SmsStatus } from '@tabline/protocol';
import { processOrder, smsBreakerReports } from '@tabline/workers';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, useAdminCallers } from './support/admin-api.ts';

/** A text in each state, as the SMS sender and the provider's callbacks leave them. */
const STATES = [
  ['queued', `status = 'pending'`],
  ['sending', `status = 'sending', attempts = 1, claimed_at = now()`],
  ['sent', `status = 'sent', attempts = 1, provider_sid = 'SM2'`],
  ['delivered', `status = 'sent', attempts = 1, delivery_status = 'delivered'`],
  [
    'undelivered',
    `status = 'sent', attempts = 1, delivery_status = 'undelivered', updated_at = now() - interval '1 minute'`,
  ],
  [
    'failed',
    `status = 'failed', attempts = 2, failure_code = '21211', last_error = 'Invalid To number'`,
  ],
  ['optedOut', `status = 'skipped', failure_code = 'sms.opted_out'`],
  ['skipped', `status = 'skipped', failure_code = 'sms.expired'`],
  ['unknown', `status = 'unknown', attempts = 1, last_error = 'timed out'`],
] as const;

for (const kind of testDatabaseKinds()) {
  describe(`admin API: texts on ${kind}`, () => {
    // No workers: the states are set as the sender would leave them.
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;
    const smsIds = new Map<string, { smsId: string; orderId: string }>();
    const status = (token = tokens.manager) =>
      call<SmsStatus>('GET', `${admin.event}/sms`, { token });

    beforeAll(async () => {
      const db = ctx.test.database;
      const deps = { db, jobs: ctx.stack.jobs, clock: systemClock, random: cryptoRandom };
      for (const [index, [state, set]] of STATES.entries()) {
        const item = placeOrderItem(ctx.fixture, {
          deviceSeq: index + 1,
          wristbandUid: ctx.fixture.attendees[index % ctx.fixture.attendees.length]!.wristbandUid,
        });
        const response = await fetch(ctx.stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.fixture.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items: [item] }),
        });
        expect(((await response.json()) as PushResponse).results[0]!.outcome).toBe('accepted');
        const orderId = item.payload.orderId;
        expect(await processOrder(deps, orderId)).toBe('charged');
        const { rows } = await db.query<{ id: string }>(
          `update sms_messages set ${set} where order_id = $1 returning id`,
          [orderId],
        );
        smsIds.set(state, { smsId: rows[0]!.id, orderId });
      }
    });

    it('counts the texts in each state and lists the latest failures, newest first', async () => {
      const answer = await status();
      expect(answer.status).toBe(200);
      expect(answer.body.counts).toEqual(Object.fromEntries(STATES.map(([state]) => [state, 1])));
      expect(answer.body.latestFailures).toEqual([
        {
          ...smsIds.get('failed'),
          state: 'failed',
          failureCode: '21211',
          error: 'Invalid To number',
          attempts: 2,
          at: expect.any(String) as string,
        },
        {
          ...smsIds.get('undelivered'),
          state: 'undelivered',
          failureCode: 'undelivered',
          error: null,
          attempts: 1,
          at: expect.any(String) as string,
        },
      ]);
      expect(Date.parse(answer.body.asOf)).not.toBeNaN();
    });

    it("tells the provider's breaker as the workers report it: the worst recent one", async () => {
      expect((await status()).body.provider).toEqual({
        breaker: 'closed',
        changedAt: null,
        retryAt: null,
      });
      const db = ctx.test.database;
      const first = smsBreakerReports(db, randomUUID(), silentLogger);
      const second = smsBreakerReports(db, randomUUID(), silentLogger);
      first.report({ state: 'open', openForMs: 60_000 });
      second.report({ state: 'closed' });
      await Promise.all([first.settled(), second.settled()]);
      const open = (await status()).body.provider;
      expect(open.breaker).toBe('open');
      const waitMs = Date.parse(open.retryAt!) - Date.parse(open.changedAt!);
      expect(waitMs).toBeGreaterThanOrEqual(59_999);
      expect(waitMs).toBeLessThanOrEqual(60_001);

      // Its wait over, the breaker lets the next call through as a trial.
      first.report({ state: 'open', openForMs: 0 });
      await first.settled();
      expect((await status()).body.provider).toMatchObject({ breaker: 'half-open', retryAt: null });
      first.report({ state: 'half-open' });
      first.report({ state: 'closed' });
      await first.settled();
      expect((await status()).body.provider.breaker).toBe('closed');

      // A process that died with its breaker open is forgotten after a while.
      first.report({ state: 'open', openForMs: 3_600_000 });
      await first.settled();
      expect((await status()).body.provider.breaker).toBe('open');
      await db.query(
        `update sms_breaker_states set changed_at = now() - interval '11 minutes' where state = 'open'`,
      );
      expect((await status()).body.provider.breaker).toBe('closed');

      await first.stop();
      await second.stop();
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int8 as n from sms_breaker_states',
      );
      expect(rows[0]!.n).toBe(0);
    });

    it('answers managers of the event only, and counts no text of another tenant', async () => {
      expect((await status(tokens.cashier)).status).toBe(403);
      expect((await status(tokens.stranger)).status).toBe(404);
      const theirs = await call<SmsStatus>('GET', `/v1/events/${admin.other.eventId}/sms`, {
        token: tokens.stranger,
      });
      expect(theirs.status).toBe(200);
      expect(Object.values(theirs.body.counts).every((count) => count === 0)).toBe(true);
      expect(theirs.body.latestFailures).toEqual([]);
    });
  });
}
