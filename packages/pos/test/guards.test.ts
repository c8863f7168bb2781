import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { placeAndSyncRefusingFirst, placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { acceptAll, holdAnswer } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath, readText } from './support/test-platform.ts';

const ORDER = { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1 }] };

for (const adapter of ADAPTERS) {
  describe(`reset, sign-out and erase on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    /** 4 orders: the first refused by the server, the second accepted, 3 and 4 queued. */
    const openWithBacklog = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      await placeAndSyncRefusingFirst(harness, 2);
      placeOrders(harness, 2);
      return harness;
    };

    it.each(['resetStore', 'signOut', 'eraseStore'] as const)(
      '%s is refused while work waits for the server, saying how much, and changes nothing',
      async (operation) => {
        const harness = await openWithBacklog();
        const before = harness.db.all('SELECT * FROM orders ORDER BY id');

        const refused = harness.engine[operation]();

        expect(refused).toEqual({
          ok: false,
          error: {
            code: 'pos.unsynced_work',
            message: expect.stringContaining('2 work items worth 19.50 USD') as string,
          },
        });
        expect(harness.db.all('SELECT * FROM orders ORDER BY id')).toEqual(before);
        expect(harness.engine.status().backlogCount).toBe(2);
      },
    );

    it('a forced reset exports every queued and rejected item byte for byte first, then starts the history afresh', async () => {
      const harness = await openWithBacklog();
      const queued = harness.db.all<{ payload: string }>('SELECT payload FROM outbox ORDER BY seq');
      const rejected = harness.db.all<{ payload: string }>('SELECT payload FROM rejected_items');
      const exportPath = joinPath(tempDir(), 'backlog.jsonl');

      const reset = harness.engine.resetStore({
        force: true,
        exportTo: adapter.backlogExporter(exportPath),
      });

      expect(reset).toEqual({
        ok: true,
        value: {
          exported: {
            destination: exportPath,
            queued: 2,
            queuedAmountCents: 650 + 1300,
            rejected: 1,
          },
        },
      });
      const lines = readText(adapter.files, exportPath).trimEnd().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({
        type: 'tabline.backlog',
        reason: 'reset the store',
        queued: 2,
        rejected: 1,
        currency: 'USD',
      });
      expect(lines.slice(1).map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
        'queued',
        'queued',
        'rejected',
      ]);
      [...queued, ...rejected].forEach((row, index) =>
        expect(lines[index + 1]).toContain(`"workItem":${row.payload}}`),
      );
      expect(harness.engine.status()).toMatchObject({ backlogCount: 0, rejectedCount: 0 });
      expect(harness.engine.recentOrders()).toEqual([]);
      // Still paired, with its menu: it takes the next order at once, numbering on.
      expect(harness.engine.placeOrder(ORDER).ok).toBe(true);
      expect(harness.engine.queue().map((item) => item.seq)).toEqual([5]);
      harness.reopen();
      expect(harness.report.outcome).toBe('opened');
    });

    it('refuses a forced reset whose export cannot be written, and changes nothing', async () => {
      const harness = await openWithBacklog();
      const exportPath = joinPath(tempDir(), 'backlog.jsonl');
      adapter.files.write(exportPath, 'an earlier export\n');

      const reset = harness.engine.resetStore({
        force: true,
        exportTo: adapter.backlogExporter(exportPath),
      });

      expect(reset).toMatchObject({ ok: false, error: { code: 'pos.export_failed' } });
      expect(readText(adapter.files, exportPath)).toBe('an earlier export\n');
      expect(harness.engine.status().backlogCount).toBe(2);
    });

    it('resets without an export when nothing waits for the server', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      placeOrders(harness, 2);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();

      expect(harness.engine.resetStore()).toEqual({ ok: true, value: { exported: null } });
      expect(harness.engine.recentOrders()).toEqual([]);
    });

    it('signing out forgets the catalog and the device, closes the engine, and keeps the numbering', async () => {
      const harness = await openWithBacklog();
      const signedOut = harness.engine.signOut({
        force: true,
        exportTo: adapter.backlogExporter(joinPath(tempDir(), 'backlog.jsonl')),
      });
      expect(signedOut.ok).toBe(true);
      expect(() => harness.engine.status()).toThrow(/the engine is open/);

      harness.reopen();
      expect(harness.report.outcome).toBe('opened');
      expect(harness.engine.deviceInfo()).toBeNull();
      expect(harness.engine.placeOrder(ORDER)).toMatchObject({
        ok: false,
        error: { code: 'catalog.missing' },
      });
      await harness.pullCatalog();
      expect(harness.engine.placeOrder(ORDER).ok).toBe(true);
      expect(harness.engine.queue().map((item) => item.seq)).toEqual([5]);
    });

    it('erasing removes the database and the journal, once the backlog is exported', async () => {
      const harness = await openWithBacklog();
      const erased = harness.engine.eraseStore({
        force: true,
        exportTo: adapter.backlogExporter(joinPath(tempDir(), 'backlog.jsonl')),
      });
      expect(erased).toMatchObject({
        ok: true,
        value: {
          exported: { queued: 2 },
          removed: expect.arrayContaining([harness.path, `${harness.path}.journal`]) as string[],
          quarantineFolders: [],
        },
      });
      for (const suffix of ['', '-wal', '-shm', '.journal']) {
        expect(adapter.files.exists(`${harness.path}${suffix}`)).toBe(false);
      }
    });

    /** An order synced and a refund of it queued: the only work waiting is the refund. */
    const openWithQueuedRefund = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog(
        catalogPage({
          approvers: [await approverRecord(MAYA)],
          wristbands: [
            { uid: 'LOST0001', status: 'blocked', tier: 'standard', tabLimitCents: null },
          ],
        }),
      );
      const [order] = placeOrders(harness, 1);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const refunded = await harness.engine.adjustOrder({
        orderId: order!.id,
        kind: 'refund',
        amountCents: 300,
        reason: 'Spilled',
        approver: { staffUserId: MAYA.staffUserId, pin: MAYA.pin },
      });
      expect(refunded.ok).toBe(true);
      return harness;
    };

    it.each(['resetStore', 'signOut', 'eraseStore'] as const)(
      '%s is refused while a void or refund waits for the server, though it carries no sale',
      async (operation) => {
        const harness = await openWithQueuedRefund();

        expect(harness.engine[operation]()).toEqual({
          ok: false,
          error: {
            code: 'pos.unsynced_work',
            message: expect.stringContaining('1 work items worth 0.00 USD') as string,
          },
        });
        expect(harness.engine.queue()).toEqual([expect.objectContaining({ kind: 'order.adjust' })]);
      },
    );

    it('a forced sign-out exports a queued refund byte for byte, then forgets its adjustments and the managers', async () => {
      const harness = await openWithQueuedRefund();
      const [queued] = harness.db.all<{ payload: string }>('SELECT payload FROM outbox');
      const exportPath = joinPath(tempDir(), 'backlog.jsonl');

      const signedOut = harness.engine.signOut({
        force: true,
        exportTo: adapter.backlogExporter(exportPath),
      });

      expect(signedOut).toMatchObject({ ok: true, value: { exported: { queued: 1 } } });
      const lines = readText(adapter.files, exportPath).trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`"workItem":${queued!.payload}}`);
      harness.reopen();
      expect(harness.engine.approvers()).toEqual([]);
      expect(harness.count('adjustments')).toBe(0);
      // Nothing of the event's rules stays for whatever event the device is paired to next.
      expect(harness.count('promotions') + harness.count('wristbands')).toBe(0);
    });

    it('is refused while a sync is in flight', async () => {
      const harness = await openWithBacklog();
      const held = holdAnswer(acceptAll);
      harness.transport.answerPushes(held.answer);
      const sync = harness.engine.sync();
      await held.arrived;

      expect(harness.engine.resetStore()).toMatchObject({ ok: false, error: { code: 'pos.busy' } });
      held.release();
      await sync;
      expect(harness.engine.resetStore().ok).toBe(true);
    });
  });
}
