import { describe, expect, it } from 'vitest';
import { ORDERS_PATH, PULL_PATH, SESSIONS_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import { LOAD_LIMITS_INTAKE, LOAD_LIMITS_OTHER, SHED_RETRY_AFTER_SECONDS } from '@tabline/server';
import type { LoadReading } from '@tabline/server';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { gate } from '@tabline/testkit/gate';
import { until } from './support/intercepted-database.ts';
import { NOTHING_STORED, push, pushEffects, storedOnce } from './support/push-effects.ts';

const IDLE: LoadReading = { eventLoopDelayMs: 0, heapUsedRatio: 0, databaseWaiting: 0 };

/** Readings past the limits of other routes but within those of intake, one per signal. */
const BETWEEN_LIMITS: Record<string, LoadReading> = {
  'database queue': { ...IDLE, databaseWaiting: LOAD_LIMITS_OTHER.databaseWaitingMax + 1 },
  'event-loop delay': { ...IDLE, eventLoopDelayMs: LOAD_LIMITS_OTHER.eventLoopDelayMsMax + 1 },
  heap: { ...IDLE, heapUsedRatio: LOAD_LIMITS_OTHER.heapUsedRatioMax + 0.01 },
};

const PAST_INTAKE_LIMITS: Record<string, LoadReading> = {
  'database queue': { ...IDLE, databaseWaiting: LOAD_LIMITS_INTAKE.databaseWaitingMax + 1 },
  'event-loop delay': { ...IDLE, eventLoopDelayMs: LOAD_LIMITS_INTAKE.eventLoopDelayMsMax + 1 },
  heap: { ...IDLE, heapUsedRatio: LOAD_LIMITS_INTAKE.heapUsedRatioMax + 0.01 },
};

const expectShed = async (response: Response) => {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe(String(SHED_RETRY_AFTER_SECONDS));
  expect(await response.json()).toMatchObject({ code: 'server.overloaded', status: 429 });
};

function requests(url: string, fixture: EventFixture) {
  const auth = { authorization: `Bearer ${fixture.deviceToken}` };
  return {
    pull: () => fetch(url + PULL_PATH, { headers: auth }),
    signIn: () =>
      fetch(url + SESSIONS_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong' }),
      }),
    push: (items: PlaceOrderWorkItem[]) => push(url, fixture.deviceToken, items),
    order: (item: PlaceOrderWorkItem) => {
      const { idempotencyKey, ...body } = item;
      return fetch(url + ORDERS_PATH, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      });
    },
    exempt: () => Promise.all(['/healthz', '/readyz', '/metrics'].map((path) => fetch(url + path))),
  };
}

for (const kind of testDatabaseKinds()) {
  describe(`load shedding under a chosen load, on ${kind}`, () => {
    let load = IDLE;
    const ctx = useTestStack(kind, {
      workers: false,
      // The production limits, and a load the test sets.
      server: { loadShedding: {}, loadSignal: () => load },
    });

    for (const [signal, reading] of Object.entries(BETWEEN_LIMITS)) {
      it(`past the other routes' ${signal} limit, sheds pulls and sign-ins but lets pushes and orders in`, async () => {
        const http = requests(ctx.stack.url, ctx.fixture);
        load = reading;
        try {
          await expectShed(await http.pull());
          await expectShed(await http.signIn());
          const items = [placeOrderItem(ctx.fixture)];
          expect((await http.push(items)).status).toBe(200);
          const single = placeOrderItem(ctx.fixture);
          expect((await http.order(single)).status).toBe(201);
          expect(
            await pushEffects(ctx.test.database, ctx.fixture.deviceId, [...items, single]),
          ).toEqual(storedOnce([...items, single]));
          for (const response of await http.exempt()) expect(response.status).toBe(200);
        } finally {
          load = IDLE;
        }
      });
    }

    for (const [signal, reading] of Object.entries(PAST_INTAKE_LIMITS)) {
      it(`past the intake ${signal} limit, sheds pushes too, storing nothing, and takes them once it passes`, async () => {
        const http = requests(ctx.stack.url, ctx.fixture);
        const items = [placeOrderItem(ctx.fixture)];
        load = reading;
        try {
          await expectShed(await http.push(items));
          await expectShed(await http.order(placeOrderItem(ctx.fixture)));
          expect(await pushEffects(ctx.test.database, ctx.fixture.deviceId, items)).toEqual(
            NOTHING_STORED,
          );
          for (const response of await http.exempt()) expect(response.status).toBe(200);
        } finally {
          load = IDLE;
        }
        expect((await http.push(items)).status).toBe(200);
        expect(await pushEffects(ctx.test.database, ctx.fixture.deviceId, items)).toEqual(
          storedOnce(items),
        );
      });
    }

    it('counts what it shed, by reason, in the metrics', async () => {
      const text = await (await fetch(`${ctx.stack.url}/metrics`)).text();
      for (const reason of ['shed_database', 'shed_event_loop', 'shed_heap']) {
        expect(text).toMatch(
          new RegExp(`tabline_requests_refused_total\\{reason="${reason}"\\} [1-9]`),
        );
      }
    });
  });

  describe(`load shedding on a saturated database pool, on ${kind}`, () => {
    const ctx = useTestStack(kind, {
      workers: false,
      // The real load signal; other routes are shed past 2 queries waiting.
      server: { loadShedding: { other: { databaseWaitingMax: 2 } } },
    });

    it('sheds a pull at once while every connection is busy and queries queue, and serves a push when they free up', async () => {
      const db = ctx.test.database;
      const http = requests(ctx.stack.url, ctx.fixture);
      const release = gate();
      const holding: Promise<unknown>[] = [];
      try {
        const entered: Promise<void>[] = [];
        for (let i = 0; i < db.stats().connectionsMax; i++) {
          const inside = gate();
          entered.push(inside.promise);
          holding.push(
            db.transaction(async () => {
              inside.open();
              await release.promise;
            }),
          );
        }
        await Promise.all(entered);
        for (let i = 0; i < 3; i++) holding.push(db.query('select 1'));
        expect(db.stats()).toMatchObject({
          connectionsBusy: db.stats().connectionsMax,
          waiting: 3,
        });

        // Answered while the pool is still held: shed before it asked for a connection.
        await expectShed(await http.pull());
        const items = [placeOrderItem(ctx.fixture)];
        const pushed = http.push(items);
        // The push was let in: its first query joins the queue.
        await until(() => db.stats().waiting > 3);
        expect((await fetch(`${ctx.stack.url}/healthz`)).status).toBe(200); // no database needed
        release.open();
        await Promise.all(holding);
        expect((await pushed).status).toBe(200);
        expect(await pushEffects(db, ctx.fixture.deviceId, items)).toEqual(storedOnce(items));
      } finally {
        release.open();
        await Promise.allSettled(holding);
      }
      expect((await http.pull()).status).toBe(200);
    });
  });
}
