import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { PUSH_PATH } from '@tabline/protocol';
import type { DeadLetterPage, PushResponse, WorkItem } from '@tabline/protocol';
import { startWorkers } from '@tabline/workers';
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

/** Orders taken during the bad deploy, on the test event and on another. */
const ORDERS = 30;
const OTHER_ORDERS = 5;
/** Each job runs once and is retried twice, at once, before it is dead-lettered. */
const RETRY_POLICY = { retryLimit: 2, retryDelay: 0, retryBackoff: false };

/**
 * A bad deploy: the order processor throws on every job. Order intake goes
 * on; the jobs are retried, then dead-lettered; a manager sees the event's
 * dead letters (and no other event's) and, after the fix, redrives them:
 * every order is processed once and the ledger is exact.
 */
for (const kind of testDatabaseKinds()) {
  describe(`a bad deploy and its redrive, on ${kind}`, () => {
    let test: TestDatabase;
    let stack: TestStack;
    let fixture: EventFixture;
    let other: EventFixture;
    let workers: Workers | null = null;
    let managerSession: string;
    const api = adminApi(() => stack.url);

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      stack = await startTestStack(test, {
        workers: false,
        retryPolicies: { 'process-order': RETRY_POLICY },
      });
      fixture = await createEventFixture(test.database);
      other = await createEventFixture(test.database);
      const staff = await createStaffFixture(test.database, fixture);
      managerSession = await signInStaff(stack.url, staff.manager);
    });
    afterAll(async () => {
      await workers?.stop();
      await stack?.stop();
      await test?.dispose();
    });

    const run = (orderProcessor?: OrderProcessor) =>
      startWorkers({
        db: test.database,
        ...(orderProcessor ? { orderProcessor } : {}),
        jobs: stack.jobs,
        smsProvider: unreachableSmsProvider,
        clock: systemClock,
        random: cryptoRandom,
        logger: silentLogger,
        processOrder: { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
        sendSms: { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
      });
    /** The processor of the bad deploy: it throws on every order. */
    const broken: OrderProcessor = () =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'tabId')"));
    const push = async (event: EventFixture, items: WorkItem[]) => {
      const response = await fetch(stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${event.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items }),
      });
      return ((await response.json()) as PushResponse).results;
    };
    const count = async (sql: string, params: unknown[]) =>
      (await test.database.query<{ n: number }>(sql, params)).rows[0]!.n;
    const deadLetters = (query = '') =>
      api<DeadLetterPage>('GET', `/v1/events/${fixture.eventId}/dead-letters${query}`, {
        token: managerSession,
      });

    it('keeps taking orders while every order fails, and dead-letters each on its own', async () => {
      workers = await run(broken);
      const ours = Array.from({ length: ORDERS }, (_, index) =>
        placeOrderItem(fixture, {
          deviceSeq: index + 1,
          wristbandUid: fixture.attendees[index % fixture.attendees.length]!.wristbandUid,
        }),
      );
      const theirs = Array.from({ length: OTHER_ORDERS }, (_, index) =>
        placeOrderItem(other, { deviceSeq: index + 1 }),
      );
      for (let index = 0; index < ORDERS; index += 10) {
        const results = await push(fixture, ours.slice(index, index + 10));
        expect(results.map((result) => result.outcome)).toEqual(Array(10).fill('accepted'));
      }
      expect((await push(other, theirs)).every((r) => r.outcome === 'accepted')).toBe(true);

      await vi.waitFor(
        async () => {
          const dead = await count(
            `select count(*)::int8 as n from pgboss.job where name = 'process-order-dead'`,
            [],
          );
          expect(dead).toBe(ORDERS + OTHER_ORDERS);
        },
        { timeout: 30_000, interval: 100 },
      );
      await workers.stop();
      workers = null;
      expect(await count('select count(*)::int8 as n from ledger_entries', [])).toBe(0);
    });

    it("lists the event's dead letters only, with why they failed", async () => {
      const first = await deadLetters('?limit=20');
      expect(first.status).toBe(200);
      const second = await deadLetters(`?limit=20&after=${first.body.nextAfter}`);
      const all = [...first.body.items, ...second.body.items];
      expect(all).toHaveLength(ORDERS);
      expect(second.body.nextAfter).toBeNull();
      expect(all.every((deadLetter) => deadLetter.orderIds.length === 1)).toBe(true);
      const orderIds = new Set(all.flatMap((deadLetter) => deadLetter.orderIds));
      expect(
        await count(
          'select count(*)::int8 as n from orders where id = any($1::uuid[]) and event_id = $2',
          [[...orderIds], fixture.eventId],
        ),
      ).toBe(ORDERS);
      expect(all[0]).toMatchObject({
        queue: 'process-order',
        smsId: null,
        attempts: RETRY_POLICY.retryLimit + 1,
        error: "Cannot read properties of undefined (reading 'tabId')",
      });
      expect((await deadLetters('?queue=send-sms')).body.items).toEqual([]);
    });

    it("redrives after the fix: every order processed once, the ledger exact, the other event's left alone", async () => {
      const otherDead = await test.database.query<{ id: string }>(
        `select j.id from pgboss.job j join orders o on o.id = (j.data->'orderIds'->>0)::uuid
         where j.name = 'process-order-dead' and o.event_id = $1`,
        [other.eventId],
      );
      const path = `/v1/events/${fixture.eventId}/dead-letters/redrive`;
      const notOurs = await api('POST', path, {
        token: managerSession,
        body: { queue: 'process-order', ids: otherDead.rows.map((row) => row.id) },
      });
      expect(notOurs.body).toEqual({ redriven: 0 });

      workers = await run();
      const redrive = await api('POST', path, {
        token: managerSession,
        body: { queue: 'process-order' },
      });
      expect(redrive.body).toEqual({ redriven: ORDERS });
      expect(
        (await api('POST', path, { token: managerSession, body: { queue: 'process-order' } })).body,
      ).toEqual({ redriven: 0 });

      await vi.waitFor(
        async () => {
          const processed = await count(
            `select count(*)::int8 as n from orders where event_id = $1 and status = 'processed'`,
            [fixture.eventId],
          );
          expect(processed).toBe(ORDERS);
        },
        { timeout: 30_000, interval: 100 },
      );
      const ledger = await test.database.query<{ entries: number; sum: number; total: number }>(
        `select (select count(*)::int8 from ledger_entries l join orders o on o.id = l.order_id
                 where o.event_id = $1) as entries,
                (select sum(l.amount_cents)::int8 from ledger_entries l
                 join orders o on o.id = l.order_id where o.event_id = $1) as sum,
                (select sum(total_cents)::int8 from orders where event_id = $1) as total`,
        [fixture.eventId],
      );
      const { entries, sum, total } = ledger.rows[0]!;
      expect([entries, sum]).toEqual([ORDERS, total]);
      expect(
        await count(
          `select count(*)::int8 as n from tabs t where t.event_id = $1 and t.balance_cents <>
             (select coalesce(sum(amount_cents), 0) from ledger_entries l where l.tab_id = t.id)`,
          [fixture.eventId],
        ),
      ).toBe(0);
      expect((await deadLetters()).body.items).toEqual([]);
      expect(
        await count(
          `select count(*)::int8 as n from orders where event_id = $1 and status = 'processed'`,
          [other.eventId],
        ),
      ).toBe(0);
    });
  });
}
