import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEND_SMS_QUEUE } from '@tabline/database';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type { PushResponse, QueueDepth, QueueStatus } from '@tabline/protocol';
import { processOrder, reconcileTabs, startWorkers } from '@tabline/workers';
import type { OrderProcessor, Workers } from '@tabline/workers';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack, unreachableSmsProvider } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { adminApi } from './support/admin-api.ts';

/** A failed order job is dead-lettered at once. */
const NO_RETRIES = { retryLimit: 0, retryDelay: 0, retryBackoff: false };

const EMPTY = {
  queued: 0,
  delayed: 0,
  retrying: 0,
  active: 0,
  oldestQueuedAgeMs: null,
  deadLetters: 0,
  oldestDeadLetterAt: null,
};

/**
 * Two events share the queues: each event's managers see its own jobs
 * waiting, put off and dead-lettered, and never the other's.
 */
for (const kind of testDatabaseKinds()) {
  describe(`admin API: the job queues of an event on ${kind}`, () => {
    let test: TestDatabase;
    let stack: TestStack;
    let ours: EventFixture;
    let theirs: EventFixture;
    const sessions = { ours: '', theirs: '', cashier: '' };
    let workers: Workers | null = null;
    const api = adminApi(() => stack.url);
    const orderIds: string[] = [];

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      stack = await startTestStack(test, {
        workers: false,
        retryPolicies: { 'process-order': NO_RETRIES },
      });
      ours = await createEventFixture(test.database);
      theirs = await createEventFixture(test.database);
      const ourStaff = await createStaffFixture(test.database, ours);
      sessions.ours = await signInStaff(stack.url, ourStaff.manager);
      sessions.cashier = await signInStaff(stack.url, ourStaff.cashier);
      sessions.theirs = await signInStaff(
        stack.url,
        (await createStaffFixture(test.database, theirs)).manager,
      );
    });
    afterAll(async () => {
      await workers?.stop();
      await stack?.stop();
      await test?.dispose();
    });

    const push = async (event: EventFixture, deviceSeq: number) => {
      const item = placeOrderItem(event, { deviceSeq });
      const response = await fetch(stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${event.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [item] }),
      });
      expect(((await response.json()) as PushResponse).results[0]!.outcome).toBe('accepted');
      return item.payload.orderId;
    };
    const status = async (event: EventFixture, session: string) => {
      const answer = await api<QueueStatus>('GET', `/v1/events/${event.eventId}/queues`, {
        token: session,
      });
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const queue = (answer: QueueStatus, name: QueueDepth['queue']) =>
      answer.queues.find((depth) => depth.queue === name)!;

    it("counts the event's waiting jobs only, and how long the oldest has waited", async () => {
      orderIds.push(await push(ours, 1), await push(ours, 2));
      await push(theirs, 1);
      const answer = await status(ours, sessions.ours);
      expect(answer.queues.map((depth) => depth.queue)).toEqual(['process-order', 'send-sms']);
      expect(queue(answer, 'process-order')).toEqual({
        ...EMPTY,
        queue: 'process-order',
        queued: 2,
        oldestQueuedAgeMs: expect.any(Number) as number,
      });
      expect(queue(answer, 'process-order').oldestQueuedAgeMs).toBeGreaterThanOrEqual(0);
      expect(queue(answer, 'send-sms')).toEqual({ ...EMPTY, queue: 'send-sms' });
      expect(answer.tabDiscrepancies).toBe(0);
      expect(queue(await status(theirs, sessions.theirs), 'process-order').queued).toBe(1);
    });

    it('counts receipts due now apart from those put off', async () => {
      const db = test.database;
      const deps = { db, jobs: stack.jobs, clock: systemClock, random: cryptoRandom };
      expect(await processOrder(deps, orderIds[0]!)).toBe('charged');
      const { rows } = await db.query<{ id: string }>(
        'select id from sms_messages where order_id = $1',
        [orderIds[0]],
      );
      await db.transaction((tx) =>
        stack.jobs.enqueue(tx, SEND_SMS_QUEUE, [{ smsId: rows[0]!.id, retry: 1 }], {
          startAfterSeconds: 3600,
        }),
      );
      const answer = await status(ours, sessions.ours);
      expect(queue(answer, 'send-sms')).toMatchObject({ queued: 1, delayed: 1 });
      expect(queue(await status(theirs, sessions.theirs), 'send-sms')).toEqual({
        ...EMPTY,
        queue: 'send-sms',
      });
    });

    it("counts the event's dead letters, and its tabs that differ from their ledger", async () => {
      const broken: OrderProcessor = () => Promise.reject(new Error('bad deploy'));
      workers = await startWorkers({
        db: test.database,
        jobs: stack.jobs,
        orderProcessor: broken,
        smsProvider: unreachableSmsProvider,
        clock: systemClock,
        random: cryptoRandom,
        logger: silentLogger,
        processOrder: { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
      });
      await vi.waitFor(
        async () => {
          expect(queue(await status(ours, sessions.ours), 'process-order')).toMatchObject({
            queued: 0,
            active: 0,
            deadLetters: 2,
          });
        },
        { timeout: 30_000, interval: 200 },
      );
      await workers.stop();
      workers = null;
      const answer = queue(await status(ours, sessions.ours), 'process-order');
      expect(Date.parse(answer.oldestDeadLetterAt!)).not.toBeNaN();
      await vi.waitFor(
        async () =>
          expect(queue(await status(theirs, sessions.theirs), 'process-order').deadLetters).toBe(1),
        { timeout: 30_000, interval: 200 },
      );

      await test.database.query(
        'update tabs set balance_cents = balance_cents + 1 where event_id = $1',
        [ours.eventId],
      );
      await reconcileTabs(test.database, silentLogger);
      expect((await status(ours, sessions.ours)).tabDiscrepancies).toBe(1);
      expect((await status(theirs, sessions.theirs)).tabDiscrepancies).toBe(0);
    });

    it('answers managers of the event only', async () => {
      const path = `/v1/events/${ours.eventId}/queues`;
      expect((await api('GET', path, { token: sessions.cashier })).status).toBe(403);
      const stranger = await api('GET', path, { token: sessions.theirs });
      expect([stranger.status, stranger.body.code]).toEqual([404, 'resource.not_found']);
    });
  });
}
