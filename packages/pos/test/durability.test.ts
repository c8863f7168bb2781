import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import { placeAndSyncRefusingFirst, placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { NETWORK_DOWN, acceptAll, failWith } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

for (const adapter of ADAPTERS) {
  describe(`durability across restarts on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    it('keeps orders, the queue with its attempts, dead letters and the catalog after closing and reopening the file', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      await placeAndSyncRefusingFirst(harness, 3);
      placeOrders(harness, 2);
      harness.transport.answerPushes(failWith(NETWORK_DOWN));
      await harness.engine.sync();
      const before = {
        status: harness.engine.status(),
        queue: harness.engine.queue(),
        recent: harness.engine.recentOrders(),
        rejected: harness.engine.rejectedItems(),
        menu: harness.engine.menu(),
        device: harness.engine.deviceInfo(),
      };
      const payloads = harness.db.all('SELECT payload FROM outbox ORDER BY seq');

      harness.reopen();

      expect({
        status: harness.engine.status(),
        queue: harness.engine.queue(),
        recent: harness.engine.recentOrders(),
        rejected: harness.engine.rejectedItems(),
        menu: harness.engine.menu(),
        device: harness.engine.deviceInfo(),
      }).toEqual(before);
      expect(before.status).toMatchObject({
        backlogCount: 2,
        rejectedCount: 1,
        lastError: NETWORK_DOWN,
      });
      expect(harness.db.all('SELECT payload FROM outbox ORDER BY seq')).toEqual(payloads);
    });

    it('after a restart, the retry sends the same bytes under the same keys and numbering goes on', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      placeOrders(harness, 2);
      harness.transport.answerPushes(failWith(NETWORK_DOWN));
      await harness.engine.sync();
      const firstAttempt = harness.transport.pushes[0]!.itemsJson;

      harness.reopen();
      harness.transport.answerPushes(acceptAll);
      expect(await harness.engine.sync()).toMatchObject({ accepted: 2, remaining: 0 });
      placeOrders(harness, 1);

      expect(harness.transport.pushes[0]!.itemsJson).toEqual(firstAttempt);
      expect(harness.engine.queue().map((item) => item.seq)).toEqual([3]);
    });
  });
}
