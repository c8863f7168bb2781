import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@tabline/database';
import { PUSH_PATH } from '@tabline/protocol';
import type { ItemResult, PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { issueDeviceToken, upsertDevice } from '@tabline/server';
import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createServerDatabase, serverEnv } from './support/server-database.ts';
import type { ServerDatabase } from './support/server-database.ts';
import { startServerProcess, startWorkerProcess } from './support/tabline-process.ts';
import type { ServerProcess, WorkerProcess } from './support/tabline-process.ts';
import { waitForTexts } from './support/wait-for-texts.ts';

/**
 * API and worker processes are stateless, so any number of them can run
 * against one PostgreSQL (PGlite is one process: this runs when
 * TEST_DATABASE_URL names a server). Two API processes and two worker
 * processes, real children, take a few hundred orders from several devices,
 * some batches sent to both API processes at once, racing on the same
 * idempotency keys, and everything must happen exactly once: one order, one
 * job, one ledger entry and one text per sale.
 */
const DEVICES = 4;
const ORDERS_PER_DEVICE = 75;
const BATCH_ITEMS = 10;
/** Every third batch of a device goes to both API processes at the same moment. */
const RACED_BATCH_EVERY = 3;
const ORDERS = DEVICES * ORDERS_PER_DEVICE;
/** Each text takes this long at the provider, so both SMS workers have work at once. */
const SMS_LATENCY_MS = 25;
/** How long everything may take to be processed, once pushed. */
const PROCESSING_TIMEOUT_MS = 60_000;

describe.skipIf(!process.env['TEST_DATABASE_URL'])(
  'two API and two worker processes on one PostgreSQL',
  () => {
    let database: ServerDatabase;
    let db: Database;
    let sms: FakeSmsProvider;
    let apis: ServerProcess[] = [];
    let workers: WorkerProcess[] = [];
    let fixture: EventFixture;
    const devices: { id: string; token: string }[] = [];

    beforeAll(async () => {
      database = await createServerDatabase('postgres');
      db = await database.open();
      fixture = await createEventFixture(db, { attendees: 20 });
      devices.push({ id: fixture.deviceId, token: fixture.deviceToken });
      for (let n = 2; n <= DEVICES; n++) {
        const id = randomUUID();
        await upsertDevice(db, {
          id,
          eventId: fixture.eventId,
          locationId: fixture.locationId,
          name: `POS ${n}`,
        });
        const token = await issueDeviceToken(db, {
          tokenId: randomUUID(),
          deviceId: id,
          validForMs: 60 * 60_000,
        });
        devices.push({ id, token });
      }
      sms = await startFakeSmsProvider({ switches: { latencyMs: SMS_LATENCY_MS } });
      // Small pools: four processes share the test server with other suites.
      const env = { ...serverEnv(database, sms), DATABASE_POOL_MAX: '3' };
      // Workers log each order they process at debug level: who did what.
      const workerEnv = { ...env, LOG_LEVEL: 'debug' };
      [apis, workers] = await Promise.all([
        Promise.all([0, 1].map(() => startServerProcess(env, ['--api-only']))),
        Promise.all([0, 1].map(() => startWorkerProcess(workerEnv))),
      ]);
    });
    afterAll(async () => {
      await Promise.all([...apis, ...workers].map((server) => server.stop()));
      await sms?.close();
      await database?.dispose();
    });

    it('processes every order exactly once, whichever processes take it', async () => {
      const started = performance.now();
      const answers = new Map<string, number>(apis.map((api) => [api.url, 0]));
      const results = new Map<string, ItemResult[]>();
      let inFlight = 0;
      const push = async (url: string, token: string, items: PlaceOrderWorkItem[]) => {
        const { response, conflicts } = await pushUntilSettled(url, token, items);
        inFlight += conflicts;
        answers.set(url, answers.get(url)! + 1);
        for (const result of response.results) {
          results.set(result.idempotencyKey, [
            ...(results.get(result.idempotencyKey) ?? []),
            result,
          ]);
        }
      };

      const orders = devices.flatMap((device, d) =>
        Array.from({ length: ORDERS_PER_DEVICE }, (_, n) => ({
          device,
          item: placeOrderItem(fixture, {
            deviceSeq: n + 1,
            wristbandUid: fixture.attendees[(d * 7 + n) % fixture.attendees.length]!.wristbandUid,
            quantities: [1 + (n % 3), n % 2, 1],
          }),
        })),
      );
      const texts = waitForTexts(sms, ORDERS);
      // Each device pushes its batches in order, as a POS does; devices push at once.
      await Promise.all(
        devices.map(async (device, d) => {
          const items = orders
            .filter((order) => order.device === device)
            .map((order) => order.item);
          for (let batch = 0; batch * BATCH_ITEMS < items.length; batch++) {
            const slice = items.slice(batch * BATCH_ITEMS, (batch + 1) * BATCH_ITEMS);
            if (batch % RACED_BATCH_EVERY === 0) {
              await Promise.all(apis.map((api) => push(api.url, device.token, slice)));
            } else {
              await push(apis[(batch + d) % apis.length]!.url, device.token, slice);
            }
          }
        }),
      );
      const pushedMs = performance.now() - started;

      // Every key has one first answer, accepted; every other answer is its replay.
      expect(results.size).toBe(ORDERS);
      for (const [key, answered] of results) {
        const first = answered.filter((result) => !result.replayed);
        expect(first, `first answers to ${key}`).toHaveLength(1);
        expect(first[0]!.outcome).toBe('accepted');
        for (const result of answered) expect({ ...result, replayed: false }).toEqual(first[0]);
      }
      const raced = [...results.values()].filter((answered) => answered.length === 2).length;
      expect(raced).toBeGreaterThan(0);

      await texts;
      await waitUntil('every order processed and every text recorded as sent', async () => {
        const { rows } = await db.query<{ waiting: number }>(
          `select (select count(*) from orders where status <> 'processed')
                + (select count(*) from sms_messages where status <> 'sent')
                + (select count(*) from pgboss.job
                   where name in ('process-order', 'send-sms') and state <> 'completed')::int8
                  as waiting`,
        );
        return rows[0]!.waiting === 0;
      });
      const processedMs = performance.now() - started;

      await expectOnePerOrder(orders.map((order) => order.item));
      await expectTabsAddUp(orders.map((order) => order.item));
      await expectOneTextPerOrder();
      await expectOneJobEach();

      // Both API processes answered pushes; both worker processes did work
      // (counted in their logs, read whole once they have stopped).
      for (const [url, count] of answers)
        expect(count, `pushes answered by ${url}`).toBeGreaterThan(0);
      await Promise.all(workers.map((worker) => worker.stop()));
      const work = workers.map((worker) => ({
        charged: worker
          .logs()
          .filter((entry) => entry['msg'] === 'order processed' && entry['outcome'] === 'charged')
          .length,
        again: worker
          .logs()
          .filter((entry) => entry['msg'] === 'order processed' && entry['outcome'] !== 'charged')
          .length,
        texts: worker
          .logs()
          .filter(
            (entry) => entry['msg'] === 'sms send finished' && entry['outcome'] === 'accepted',
          ).length,
      }));
      expect(work.reduce((sum, w) => sum + w.charged, 0)).toBe(ORDERS);
      expect(work.reduce((sum, w) => sum + w.again, 0)).toBe(0);
      expect(work.reduce((sum, w) => sum + w.texts, 0)).toBe(ORDERS);
      for (const w of work) {
        expect(w.charged, 'orders charged by each worker process').toBeGreaterThan(0);
        expect(w.texts, 'texts sent by each worker process').toBeGreaterThan(0);
      }
      console.log(
        `scale-out: ${ORDERS} orders from ${DEVICES} devices, ${raced} raced on both API processes ` +
          `(${inFlight} pushes met their keys in flight, 409, and were repeated); ` +
          `pushes answered per API process ${[...answers.values()].join(' / ')}; ` +
          `orders charged per worker ${work.map((w) => w.charged).join(' / ')}, ` +
          `texts sent per worker ${work.map((w) => w.texts).join(' / ')}; ` +
          `pushed in ${Math.round(pushedMs)} ms, all processed in ${Math.round(processedMs)} ms`,
      );
    }, 120_000);

    async function expectOnePerOrder(items: readonly PlaceOrderWorkItem[]) {
      const { rows } = await db.query<{
        id: string;
        ledger: number;
        amount: number;
        total: number;
      }>(
        `select o.id, count(l.id)::int8 as ledger, coalesce(sum(l.amount_cents), 0)::int8 as amount,
                o.total_cents as total
         from orders o left join ledger_entries l on l.order_id = o.id
         where o.event_id = $1 group by o.id`,
        [fixture.eventId],
      );
      expect(rows.map((row) => row.id).sort()).toEqual(
        items.map((item) => item.payload.orderId).sort(),
      );
      for (const row of rows)
        expect(row, `ledger of order ${row.id}`).toMatchObject({ ledger: 1, amount: row.total });
      const { rows: ledger } = await db.query<{ n: number }>(
        'select count(*)::int8 as n from ledger_entries',
      );
      expect(ledger[0]!.n).toBe(ORDERS);
    }

    /** Each tab's balance is the sum of the orders on its attendee's band, as the devices sent them. */
    async function expectTabsAddUp(items: readonly PlaceOrderWorkItem[]) {
      const expected = new Map<string, number>();
      for (const item of items) {
        const { wristbandUid, totalCents } = item.payload;
        expected.set(wristbandUid, (expected.get(wristbandUid) ?? 0) + totalCents);
      }
      const { rows } = await db.query<{ uid: string; balance: number; ledger: number }>(
        `select w.uid, t.balance_cents as balance,
                (select coalesce(sum(l.amount_cents), 0) from ledger_entries l where l.tab_id = t.id)::int8
                  as ledger
         from tabs t join wristbands w on w.attendee_id = t.attendee_id and w.event_id = t.event_id
         where t.event_id = $1`,
        [fixture.eventId],
      );
      expect(new Map(rows.map((row) => [row.uid, row.balance]))).toEqual(expected);
      for (const row of rows) expect(row.ledger, `ledger of ${row.uid}'s tab`).toBe(row.balance);
    }

    /** One text per order at the provider, the one the server recorded. */
    async function expectOneTextPerOrder() {
      const { rows } = await db.query<{ orderId: string; sid: string; attempts: number }>(
        `select order_id as "orderId", provider_sid as sid, attempts from sms_messages
         where event_id = $1`,
        [fixture.eventId],
      );
      expect(new Set(rows.map((row) => row.orderId)).size).toBe(ORDERS);
      expect(rows.every((row) => row.attempts === 1)).toBe(true);
      const sent = sms.messages();
      expect(sent).toHaveLength(ORDERS);
      expect(new Set(sent.map((message) => message.sid))).toEqual(
        new Set(rows.map((row) => row.sid)),
      );
    }

    /**
     * Each order named by one processing job (a push's job names its orders)
     * and each text by one sending job, and every job completed at its first
     * run.
     */
    async function expectOneJobEach() {
      const { rows } = await db.query<{
        name: string;
        named: number;
        subjects: number;
        notDone: number;
      }>(
        `select j.name, count(*)::int8 as named, count(distinct s.subject)::int8 as subjects,
                count(*) filter (where j.state <> 'completed' or j.retry_count > 0)::int8
                  as "notDone"
         from pgboss.job j,
              lateral (select jsonb_array_elements_text(j.data->'orderIds') as subject
                       union all select j.data->>'smsId' where j.data ? 'smsId') as s
         group by j.name order by j.name`,
      );
      expect(rows).toEqual([
        { name: 'process-order', named: ORDERS, subjects: ORDERS, notDone: 0 },
        { name: 'send-sms', named: ORDERS, subjects: ORDERS, notDone: 0 },
      ]);
    }
  },
);

/**
 * Pushes a batch and returns the answer. A key the other API process is
 * storing at that moment is answered 409 (in flight): the push is repeated,
 * as a POS repeats it, until it gets the stored outcome.
 */
async function pushUntilSettled(
  url: string,
  token: string,
  items: readonly PlaceOrderWorkItem[],
): Promise<{ response: PushResponse; conflicts: number }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url + PUSH_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    if (response.status === 200) {
      return { response: (await response.json()) as PushResponse, conflicts: attempt - 1 };
    }
    const text = await response.text();
    if (response.status !== 409 || attempt >= 50)
      throw new Error(`push: ${response.status} ${text}`);
    // Retry-After says a second; the other request commits in milliseconds.
    await pause(20);
  }
}

/** Polls the database (a state, not an event) until `done`, or fails after the time-out. */
async function waitUntil(what: string, done: () => Promise<boolean>) {
  const deadline = performance.now() + PROCESSING_TIMEOUT_MS;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await pause(100);
  }
}
