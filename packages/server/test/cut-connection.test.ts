import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '@tabline/database';
import type { Database } from '@tabline/database';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { startFaultProxy } from '@tabline/testkit';
import type { FaultProxy } from '@tabline/testkit';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createTestDatabase } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { gate } from '@tabline/testkit/gate';
import { interceptTransactions } from './support/intercepted-database.ts';
import type { InterceptedDatabase } from './support/intercepted-database.ts';
import { NOTHING_STORED, pushEffects, storedOnce } from './support/push-effects.ts';

/** How the API's connections name themselves, so the test finds them in pg_stat_activity. */
const APPLICATION_NAME = 'tabline-cut-connection-test';

/** A point in a push's transaction: after its n-th statement (0: after BEGIN), or just before COMMIT. */
type CutPoint = number | 'commit';

interface PlannedCut {
  readonly transaction: number;
  readonly at: CutPoint;
  readonly reached: ReturnType<typeof gate>;
  readonly resume: ReturnType<typeof gate>;
}

/**
 * The API reaches PostgreSQL through the testkit's TCP proxy, and the test
 * holds a push's transaction at a chosen point (its connection idle in
 * transaction, some rows written, nothing committed) to cut the connection
 * there: by terminating the backend, by resetting the proxied connections,
 * or by losing the answer to COMMIT. Whatever happens, the push must end
 * stored exactly once (at once, or after the device's retry with the same
 * keys), and never in part. This is about the network, so it runs on
 * PostgreSQL only, whenever TEST_DATABASE_URL is set.
 */
describe.skipIf(!process.env['TEST_DATABASE_URL'])(
  'a push whose database connection is cut in the middle of its transaction, on postgres',
  () => {
    let test: TestDatabase;
    let proxy: FaultProxy;
    let serverDb: Database;
    let db: InterceptedDatabase;
    let stack: TestStack;
    let fixture: EventFixture;
    let planned: PlannedCut | null = null;
    const statementsOf = new Map<number, number>();
    let seq = 1;

    const hold = async (transaction: number, at: CutPoint) => {
      if (planned?.transaction !== transaction || planned.at !== at) return;
      planned.reached.open();
      await planned.resume.promise;
    };

    beforeAll(async () => {
      test = await createTestDatabase('postgres');
      const direct = new URL(test.url!);
      proxy = await startFaultProxy({
        target: { host: direct.hostname, port: Number(direct.port || 5432) },
      });
      const proxied = new URL(direct);
      proxied.host = `${proxy.host}:${proxy.port}`;
      serverDb = openPostgresDatabase(proxied.toString(), {
        poolMax: 4,
        applicationName: APPLICATION_NAME,
      });
      db = interceptTransactions(serverDb, {
        beforeStatement: async (transaction, statement) => {
          // Called before statement n runs: holding there is "after n - 1".
          statementsOf.set(transaction, statement);
          await hold(transaction, statement - 1);
        },
        beforeCommit: (transaction) => hold(transaction, 'commit'),
      });
      stack = await startTestStack(test, {
        workers: false,
        serverDatabase: db,
        server: { transactionRetry: { delayMsBase: 1, delayMsMax: 5 } },
      });
      fixture = await createEventFixture(test.database);
    });
    afterAll(async () => {
      planned?.resume.open();
      await stack?.stop();
      await serverDb?.close();
      await proxy?.close();
      await test?.dispose();
    });

    const newItems = () => [
      placeOrderItem(fixture, { deviceSeq: seq++ }),
      placeOrderItem(fixture, { deviceSeq: seq++, quantities: [2, 0, 1] }),
    ];
    const push = (items: readonly PlaceOrderWorkItem[]) =>
      fetch(stack.url + PUSH_PATH, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          items,
          heartbeat: {
            appVersion: 'test',
            deviceTime: new Date().toISOString(),
            backlogCount: items.length,
            amountAtRiskCents: 0,
            oldestQueuedAgeMs: 0,
          },
        }),
      });
    /** Holds the next transaction at `at`; resolves when it is there. */
    const planCut = (at: CutPoint) => {
      planned = { transaction: db.transactionsStarted() + 1, at, reached: gate(), resume: gate() };
      return planned;
    };
    /** The backend of the held transaction, seen from a connection of the test's own. */
    const heldBackend = async () => {
      const { rows } = await test.database.query<{ pid: number }>(
        `select pid from pg_stat_activity
         where application_name = $1 and state = 'idle in transaction'`,
        [APPLICATION_NAME],
      );
      expect(rows).toHaveLength(1);
      return rows[0]!.pid;
    };
    /** Terminates a backend and waits until it is gone (its transaction rolled back). */
    const terminate = (pid: number) =>
      test.database.query('select pg_terminate_backend($1, 10000)', [pid]);

    it('runs the transaction again on a new connection when its backend is terminated, at every statement, and stores each push once', async () => {
      const dryRun = newItems();
      const before = db.transactionsStarted();
      expect((await push(dryRun)).status).toBe(200);
      const statements = statementsOf.get(before + 1)!;
      expect(statements).toBeGreaterThanOrEqual(3);

      // After BEGIN, after each statement, and with all of them run, before COMMIT.
      const points: CutPoint[] = [...Array.from({ length: statements }, (_, i) => i), 'commit'];
      for (const at of points) {
        const items = newItems();
        const cut = planCut(at);
        const response = push(items);
        await cut.reached.promise;
        await terminate(await heldBackend());
        cut.resume.open();
        const answered = await response;
        expect(answered.status, `cut at ${at}`).toBe(200);
        const body = (await answered.json()) as PushResponse;
        expect(body.results.map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
        expect(await pushEffects(test.database, fixture.deviceId, items), `cut at ${at}`).toEqual(
          storedOnce(items),
        );
      }
    });

    it('answers 503 with Retry-After when the database stays out of reach, storing nothing; the retry with the same keys stores the push once', async () => {
      const items = newItems();
      // Held after the orders are written, before the job insert.
      const cut = planCut(2);
      const response = push(items);
      await cut.reached.promise;
      const pid = await heldBackend();
      proxy.setFaults({ refuse: true });
      proxy.resetAll();
      // The reset reaches PostgreSQL by itself; this only waits until it has.
      await terminate(pid);
      cut.resume.open();
      const answered = await response;
      expect(answered.status).toBe(503);
      expect(answered.headers.get('retry-after')).toBe('1');
      expect(await answered.json()).toMatchObject({ code: 'server.unavailable' });
      expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(NOTHING_STORED);

      proxy.setFaults({ refuse: false });
      const retried = await push(items);
      expect(retried.status).toBe(200);
      expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(storedOnce(items));
    });

    it('answers a push whose COMMIT went through but whose answer was lost as a replay, stored once', async () => {
      const items = newItems();
      const cut = planCut('commit');
      const response = push(items);
      await cut.reached.promise;
      const pid = await heldBackend();
      proxy.setFaults({ dropResponses: 1 });
      cut.resume.open();
      const answered = await response;
      expect(proxy.stats().responsesDropped).toBeGreaterThanOrEqual(1);
      await terminate(pid);
      expect(answered.status).toBe(200);
      const body = (await answered.json()) as PushResponse;
      expect(body.results.map((r) => [r.outcome, r.replayed])).toEqual([
        ['accepted', true],
        ['accepted', true],
      ]);
      expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(storedOnce(items));
    });

    it('leaves nothing partial: every order has its items and its job, every accepted key its order', async () => {
      const { rows } = await test.database.query<Record<string, number>>(
        `select
           (select count(*)::int from orders o where o.device_id = $1
             and not exists (select 1 from order_items i where i.order_id = o.id)) as "ordersWithoutItems",
           (select count(*)::int from orders o where o.device_id = $1
             and not exists (select 1 from pgboss.job j
                             where j.name = 'process-order' and j.data->'orderIds' ? o.id::text))
             as "ordersWithoutJobs",
           (select count(*)::int from pgboss.job j where j.name = 'process-order'
             and exists (select 1 from jsonb_array_elements_text(j.data->'orderIds') as id (value)
                         where not exists (select 1 from orders o where o.id::text = id.value)))
             as "jobsWithoutOrders",
           (select count(*)::int from idempotency_keys k where k.device_id = $1
             and k.result->>'outcome' = 'accepted'
             and not exists (select 1 from orders o where o.id::text = k.result->'order'->>'orderId'))
             as "keysWithoutOrders"`,
        [fixture.deviceId],
      );
      expect(rows[0]).toEqual({
        ordersWithoutItems: 0,
        ordersWithoutJobs: 0,
        jobsWithoutOrders: 0,
        keysWithoutOrders: 0,
      });
    });
  },
);
