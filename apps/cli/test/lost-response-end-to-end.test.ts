import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '@tabline/domain';
import { createHttpSyncTransport } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import { DEMO } from '@tabline/server';
import { startFakeSmsProvider, startFaultProxy } from '@tabline/testkit';
import type { FakeSmsProvider, FaultProxy } from '@tabline/testkit';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { recordingTransport } from './support/recording-transport.ts';
import { createServerDatabase, serverEnv } from './support/server-database.ts';
import type { ServerDatabase } from './support/server-database.ts';
import { waitForTexts } from './support/wait-for-texts.ts';
import { lastJsonLine, runTabline, startServerProcess } from './support/tabline-process.ts';
import type { ServerProcess } from './support/tabline-process.ts';

const ORDERS = 5;

for (const kind of testDatabaseKinds()) {
  describe(`a push the server committed but whose answer was lost, on ${kind}`, () => {
    let database: ServerDatabase;
    let sms: FakeSmsProvider;
    let server: ServerProcess | null = null;
    let proxy: FaultProxy;
    let deviceToken: string;

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      sms = await startFakeSmsProvider();
      const env = serverEnv(database, sms);
      deviceToken = lastJsonLine(await runTabline(['seed-demo'], env))['deviceToken'] as string;
      server = await startServerProcess(env);
      const target = new URL(server.url);
      proxy = await startFaultProxy({
        target: { host: target.hostname, port: Number(target.port) },
      });
    });
    afterAll(async () => {
      await proxy.close();
      await server?.stop('SIGKILL');
      await sms.close();
      await database.dispose();
    });

    it('is retried without creating anything new, and the POS ends with the server data', async () => {
      const transport = recordingTransport(
        createHttpSyncTransport({ baseUrl: `http://127.0.0.1:${proxy.port}`, deviceToken }),
      );
      const pos = openNodePosEngine(join(database.dataDir, 'pos.db'), {
        transport,
        random: createSeededRandom(7),
      });
      expect((await pos.pull()).error).toBeNull();
      const lager = DEMO.products[0];
      const placed = DEMO.attendees.slice(0, ORDERS).map((attendee, i) => {
        const result = pos.placeOrder({
          wristbandUid: attendee.wristbandUid,
          items: [{ productId: lager.id, quantity: i + 1 }],
        });
        if (!result.ok) throw new Error(result.error.message);
        return result.value;
      });

      // The request reaches the server, which commits; the answer is lost.
      proxy.setFaults({ dropResponses: 1 });
      const texts = waitForTexts(sms, ORDERS);
      const cut = await pos.sync();
      expect(cut.error?.kind).toBe('network');
      expect(proxy.stats().responsesDropped).toBe(1);
      expect(pos.status().backlogCount).toBe(ORDERS);
      await texts; // the server did process the orders it committed

      const retry = await pos.sync();
      expect(retry).toMatchObject({ accepted: ORDERS, remaining: 0, error: null });
      const answer = transport.pushes.at(-1)!.response!;
      expect(answer.results.every((result) => result.replayed)).toBe(true);

      pos.close();
      await server!.stop();
      server = null;
      const db = await database.open();
      const { rows } = await db.query<{ id: string; received_at: Date }>(
        'select id, received_at from orders where event_id = $1',
        [DEMO.event.id],
      );
      expect(rows.map((row) => row.id).sort()).toEqual(placed.map((order) => order.id).sort());
      const ledger = await db.query<{ n: number }>(
        'select count(*)::int8 as n from ledger_entries',
      );
      expect(ledger.rows[0]!.n).toBe(ORDERS);
      expect(sms.messages()).toHaveLength(ORDERS);

      // The POS holds what the server recorded, from the replayed answer.
      const reopened = openNodePosEngine(join(database.dataDir, 'pos.db'), { transport });
      const local = new Map(reopened.recentOrders(ORDERS).map((order) => [order.id, order]));
      for (const row of rows) {
        const order = local.get(row.id)!;
        expect(order.syncState).toBe('synced');
        expect(new Date(order.serverReceivedAt!).getTime()).toBe(row.received_at.getTime());
      }
      reopened.close();
    });
  });
}
