import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '@tabline/protocol';
import { TRANSACTION_RETRY_DEFAULT } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { interceptTransactions } from './support/intercepted-database.ts';
import type { InterceptedDatabase } from './support/intercepted-database.ts';
import { NOTHING_STORED, push, pushEffects, storedOnce } from './support/push-effects.ts';

const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });

const TRANSIENT_ERRORS = {
  'a serialization failure': () => sqlError('40001', 'could not serialize access'),
  'a deadlock': () => sqlError('40P01', 'deadlock detected'),
  'a lost connection': () => sqlError('ECONNRESET', 'read ECONNRESET'),
  'a terminated backend': () => sqlError('57P01', 'terminating connection'),
};

/**
 * The API's transactions run on a database that fails on cue: one statement
 * of a push's transaction throws what the test chooses, for the first
 * `failures` transactions. A push's statements are the claim of its keys
 * (with the catalog facts and the heartbeat), the keys with the orders, and
 * the job insert (pg-boss's own statement, which once hung PGlite when it
 * failed).
 */
const FAULT_STATEMENTS = { 'the first statement': 1, 'the job insert': 3 } as const;

for (const kind of testDatabaseKinds())
  for (const [where, faultStatement] of Object.entries(FAULT_STATEMENTS))
    describe(`transactions retried on transient errors in ${where}, on ${kind}`, () => {
      let test: TestDatabase;
      let stack: TestStack;
      let fixture: EventFixture;
      let db: InterceptedDatabase;
      let fault: { error: () => Error; failures: number } | null = null;
      let firstTransaction = 0;

      beforeAll(async () => {
        test = await createTestDatabase(kind);
        db = interceptTransactions(test.database, {
          beforeStatement: (transaction, statement) => {
            if (!fault || statement !== faultStatement) return;
            if (transaction - firstTransaction < fault.failures) throw fault.error();
          },
        });
        stack = await startTestStack(test, {
          workers: false,
          serverDatabase: db,
          server: { transactionRetry: { delayMsBase: 1, delayMsMax: 5 } },
        });
        fixture = await createEventFixture(test.database);
      });
      afterAll(async () => {
        await stack?.stop();
        await test?.dispose();
      });
      beforeEach(() => {
        fault = null;
      });

      /** Fails the next `failures` transactions with `error`. */
      const failNext = (failures: number, error: () => Error) => {
        firstTransaction = db.transactionsStarted() + 1;
        fault = { error, failures };
      };
      const transactionsSinceFault = () => db.transactionsStarted() - firstTransaction + 1;

      for (const [name, error] of Object.entries(TRANSIENT_ERRORS)) {
        it(`runs the whole transaction again after ${name}, and stores the push once`, async () => {
          const items = [placeOrderItem(fixture), placeOrderItem(fixture, { deviceSeq: 2 })];
          failNext(2, error);
          const response = await push(stack.url, fixture.deviceToken, items);
          expect(response.status).toBe(200);
          const body = (await response.json()) as PushResponse;
          expect(body.results.map((r) => [r.outcome, r.replayed])).toEqual([
            ['accepted', false],
            ['accepted', false],
          ]);
          expect(transactionsSinceFault()).toBe(3);
          expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(
            storedOnce(items),
          );
        });
      }

      it('does not run a transaction again after an error that is not transient', async () => {
        const items = [placeOrderItem(fixture)];
        failNext(Infinity, () => sqlError('23514', 'violates check constraint'));
        const response = await push(stack.url, fixture.deviceToken, items);
        expect(response.status).toBe(500);
        expect(await response.json()).toMatchObject({ code: 'server.internal' });
        expect(transactionsSinceFault()).toBe(1);
        expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(NOTHING_STORED);
      });

      it('does not run a transaction again when the database is saturated, and says when to come back', async () => {
        const items = [placeOrderItem(fixture)];
        failNext(Infinity, () => new Error('timeout exceeded when trying to connect'));
        const response = await push(stack.url, fixture.deviceToken, items);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(transactionsSinceFault()).toBe(1);
        expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(NOTHING_STORED);
      });

      it('gives up after its retries with 503 and Retry-After, storing nothing; the retry with the same keys stores it once', async () => {
        const items = [placeOrderItem(fixture)];
        failNext(Infinity, TRANSIENT_ERRORS['a lost connection']);
        const response = await push(stack.url, fixture.deviceToken, items);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toMatchObject({ code: 'server.unavailable', status: 503 });
        expect(transactionsSinceFault()).toBe(TRANSACTION_RETRY_DEFAULT.retriesMax + 1);
        expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(NOTHING_STORED);

        fault = null;
        const retried = await push(stack.url, fixture.deviceToken, items);
        expect(retried.status).toBe(200);
        expect(((await retried.json()) as PushResponse).results[0]).toMatchObject({
          outcome: 'accepted',
          replayed: false,
        });
        expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(
          storedOnce(items),
        );
      });

      it('counts retries and give-ups in the metrics', async () => {
        const text = await (await fetch(`${stack.url}/metrics`)).text();
        expect(text).toMatch(/tabline_transaction_retries_total\{outcome="retried"\} [1-9]/);
        expect(text).toMatch(/tabline_transaction_retries_total\{outcome="gave_up"\} [1-9]/);
      });
    });
