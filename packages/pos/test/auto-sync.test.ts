import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@tabline/domain';
import { createPosEngine, openPosStore } from '../src/index.ts';
import type { PosEvent } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { createManualTime } from './support/manual-time.ts';
import { ScriptedSyncTransport, acceptAll, pageAnswer } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath } from './support/test-platform.ts';

for (const adapter of ADAPTERS) {
  describe(`the engine's own sync loop on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    const start = async () => {
      const time = createManualTime();
      const store = openPosStore(adapter.storeFiles(joinPath(tempDir(), 'pos.db')), {
        clock: time.clock,
      });
      const transport = new ScriptedSyncTransport();
      const engine = createPosEngine({
        store,
        transport,
        clock: time.clock,
        random: createSeededRandom(3),
        scheduler: time.scheduler,
        autoSync: { intervalMs: 30_000, coalesceMs: 50 },
      });
      const events: PosEvent[] = [];
      engine.subscribe((event) => events.push(event));
      transport.answerPulls(pageAnswer(catalogPage({ approvers: [await approverRecord(MAYA)] })));
      await engine.pull();
      transport.answerPushes(acceptAll); // the heartbeat at start
      await time.advance(0);
      return { time, transport, engine, events };
    };
    const lager = { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1 }] };

    it('pushes an order a few milliseconds after it is placed, without being asked', async () => {
      const { time, transport, engine, events } = await start();
      transport.answerPushes(acceptAll);
      engine.placeOrder(lager);
      engine.placeOrder({ ...lager, wristbandUid: 'TL0002' });
      expect(events.filter((event) => event.type === 'order-placed')).toHaveLength(2);
      await time.advance(50);
      expect(transport.pushes.map((push) => push.request.items.length)).toEqual([0, 2]);
      expect(engine.status()).toMatchObject({ backlogCount: 0, sync: { state: 'idle' } });
      engine.close();
    });

    it('pushes a void a few milliseconds after the manager approved it', async () => {
      const { time, transport, engine, events } = await start();
      transport.answerPushes(acceptAll);
      const placed = engine.placeOrder(lager);
      await time.advance(50);
      if (!placed.ok) throw new Error(placed.error.message);
      transport.answerPushes(acceptAll);

      const voided = await engine.adjustOrder({
        orderId: placed.value.id,
        kind: 'void',
        reason: 'Wrong drink',
        approver: { staffUserId: MAYA.staffUserId, pin: MAYA.pin },
      });
      expect(voided.ok).toBe(true);
      expect(events.filter((event) => event.type === 'adjustment-placed')).toHaveLength(1);
      await time.advance(50);

      expect(transport.pushes.map((push) => push.request.items.map((item) => item.kind))).toEqual([
        [],
        ['order.place'],
        ['order.adjust'],
      ]);
      expect(engine.status()).toMatchObject({ backlogCount: 0, sync: { state: 'idle' } });
      engine.close();
    });

    it('makes no attempt while offline and delivers at once when the network is back', async () => {
      const { time, transport, engine } = await start();
      engine.setOnline(false);
      engine.placeOrder(lager);
      await time.advance(3_600_000);
      expect(transport.pushes).toHaveLength(1); // the start-up heartbeat only
      expect(engine.status()).toMatchObject({
        backlogCount: 1,
        sync: { state: 'offline', online: false },
      });
      transport.answerPushes(acceptAll);
      engine.setOnline(true);
      await time.advance(0);
      expect(engine.status()).toMatchObject({
        backlogCount: 0,
        sync: { state: 'idle', online: true },
      });
      engine.close();
    });

    it('reports in every interval when idle, and stops its timers when closed', async () => {
      const { time, transport, engine } = await start();
      transport.answerPushes(acceptAll, acceptAll);
      await time.advance(60_000);
      expect(transport.pushes).toHaveLength(3);
      engine.close();
      expect(time.nextTimerAt()).toBeNull();
    });
  });
}
