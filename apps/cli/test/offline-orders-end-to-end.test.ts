import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@tabline/database';
import { createSeededRandom } from '@tabline/domain';
import { createHttpSyncTransport } from '@tabline/pos';
import type { PosEngine } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import { PUSH_PATH } from '@tabline/protocol';
import type { PushResponse } from '@tabline/protocol';
import { DEMO } from '@tabline/server';
import { startFakeSmsProvider } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { recordingTransport } from './support/recording-transport.ts';
import type { RecordingTransport } from './support/recording-transport.ts';
import { createServerDatabase, serverEnv } from './support/server-database.ts';
import type { ServerDatabase } from './support/server-database.ts';
import { waitForTexts } from './support/wait-for-texts.ts';
import { lastJsonLine, runTabline, startServerProcess } from './support/tabline-process.ts';
import type { ServerProcess } from './support/tabline-process.ts';

const ORDERS = 50;
/** Every demo band but the blocked one: each of these orders gets a text. */
const SELLABLE_BANDS = DEMO.attendees
  .map((attendee) => attendee.wristbandUid)
  .filter((uid) => !DEMO.blockedWristbandUids.includes(uid));
const SEED = Number(process.env['TEST_SEED'] ?? 20261124);

for (const kind of testDatabaseKinds()) {
  describe(`one order's whole path, with real processes, on ${kind} (seed ${SEED})`, () => {
    let database: ServerDatabase;
    let sms: FakeSmsProvider;
    let env: NodeJS.ProcessEnv;
    let server: ServerProcess | null = null;
    let serverUrl: string;
    let deviceToken: string;

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      sms = await startFakeSmsProvider();
      env = serverEnv(database, sms);
      const seeded = lastJsonLine(await runTabline(['seed-demo'], env));
      expect(seeded).toMatchObject({ eventId: DEMO.event.id, deviceId: DEMO.devices[0].id });
      deviceToken = seeded['deviceToken'] as string;
    });
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await sms.close();
      await database.dispose();
    });

    it('delivers 50 orders taken offline exactly once, with tabs right to the cent and 50 texts', async () => {
      // The POS gets its menu while the server is up, as it would before doors open.
      server = await startServerProcess(env);
      serverUrl = server.url;
      const transport = recordingTransport(
        createHttpSyncTransport({ baseUrl: serverUrl, deviceToken }),
      );
      const pos = openNodePosEngine(join(database.dataDir, 'pos.db'), {
        transport,
        random: createSeededRandom(SEED),
      });
      expect((await pos.pull()).error).toBeNull();

      await server.stop();
      const placed = placeOrdersOffline(pos, transport);
      const offline = await pos.sync();
      expect(offline.error?.kind).toBe('network');
      expect(pos.status().backlogCount).toBe(ORDERS);

      server = await startServerProcess({ ...env, PORT: new URL(serverUrl).port });
      const texts = waitForTexts(sms, ORDERS);
      const report = await pos.sync();
      expect(report).toMatchObject({ accepted: ORDERS, rejected: 0, remaining: 0, error: null });
      expect(pos.recentOrders(ORDERS).every((order) => order.syncState === 'synced')).toBe(true);
      await texts;

      // Replaying every push the POS made changes nothing.
      for (const { request } of transport.pushes.filter((push) => push.response)) {
        const replay = await fetch(serverUrl + PUSH_PATH, {
          method: 'POST',
          headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        const body = (await replay.json()) as PushResponse;
        expect(
          body.results.every((result) => result.replayed && result.outcome === 'accepted'),
        ).toBe(true);
      }
      pos.close();
      await server.stop();
      server = null;

      const db = await database.open();
      await expectExactlyTheseOrders(db, placed);
      await expectTabsToEqualOrders(db, placed);
      expect(
        await countRows(
          db,
          `pgboss.job j, jsonb_array_elements_text(j.data->'orderIds') as id
           where j.name = 'process-order'`,
        ),
      ).toBe(ORDERS);
      expect(await countRows(db, 'sms_messages')).toBe(ORDERS);
      expect(sms.messages()).toHaveLength(ORDERS);
      expect(new Set(sms.messages().map((message) => message.sid)).size).toBe(ORDERS);
    });
  });
}

interface PlacedOrder {
  readonly id: string;
  readonly wristbandUid: string;
  readonly totalCents: number;
}

/**
 * Places the orders; none of them may touch the network, refused or not. A
 * band past the event's offline limit is refused (its unconfirmed spending
 * on this device is capped): the order goes to the next band.
 */
function placeOrdersOffline(pos: PosEngine, transport: RecordingTransport): PlacedOrder[] {
  const random = createSeededRandom(SEED);
  const menu = pos.menu().categories.flatMap((category) => category.products);
  const placed: PlacedOrder[] = [];
  let bandIndex = 0;
  while (placed.length < ORDERS) {
    const callsBefore = transport.calls();
    const items = [0, 1].map(() => ({
      productId: menu[Math.floor(random.next() * menu.length)]!.id,
      quantity: 1 + Math.floor(random.next() * 3),
    }));
    for (let tries = 0; tries < SELLABLE_BANDS.length; tries++) {
      const band = SELLABLE_BANDS[bandIndex++ % SELLABLE_BANDS.length]!;
      const result = pos.placeOrder({ wristbandUid: band, items: dedupe(items) });
      expect(transport.calls()).toBe(callsBefore);
      if (result.ok) {
        placed.push({
          id: result.value.id,
          wristbandUid: band,
          totalCents: result.value.totalCents,
        });
        break;
      }
      expect(result.error.code).toBe('wristband.offline_limit');
    }
  }
  return placed;
}

function dedupe(items: { productId: string; quantity: number }[]) {
  const byId = new Map<string, number>();
  for (const item of items)
    byId.set(item.productId, (byId.get(item.productId) ?? 0) + item.quantity);
  return [...byId].map(([productId, quantity]) => ({ productId, quantity }));
}

async function countRows(db: Database, from: string) {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int8 as n from ${from}`);
  return rows[0]!.n;
}

async function expectExactlyTheseOrders(db: Database, placed: readonly PlacedOrder[]) {
  const { rows } = await db.query<{ id: string; total_cents: number; status: string }>(
    'select id, total_cents, status from orders where event_id = $1',
    [DEMO.event.id],
  );
  expect(rows.map((row) => row.id).sort()).toEqual(placed.map((order) => order.id).sort());
  expect(rows.every((row) => row.status === 'processed')).toBe(true);
  const totals = new Map(rows.map((row) => [row.id, row.total_cents]));
  for (const order of placed) expect(totals.get(order.id)).toBe(order.totalCents);
}

async function expectTabsToEqualOrders(db: Database, placed: readonly PlacedOrder[]) {
  const expected = new Map<string, number>();
  for (const order of placed) {
    expected.set(order.wristbandUid, (expected.get(order.wristbandUid) ?? 0) + order.totalCents);
  }
  const { rows } = await db.query<{ uid: string; balance_cents: number; ledger_cents: number }>(
    `select w.uid, t.balance_cents,
            (select coalesce(sum(amount_cents), 0)::int8 from ledger_entries l where l.tab_id = t.id) as ledger_cents
     from tabs t join wristbands w on w.attendee_id = t.attendee_id and w.event_id = t.event_id
     where t.event_id = $1`,
    [DEMO.event.id],
  );
  expect(Object.fromEntries(rows.map((row) => [row.uid, row.balance_cents]))).toEqual(
    Object.fromEntries(expected),
  );
  expect(rows.every((row) => row.balance_cents === row.ledger_cents)).toBe(true);
}
