/**
 * Voids and refunds survive what orders survive: a lost database, a row
 * changed behind the engine's back, a full disk. Each comes back with its
 * seq, key and exact signed payload, and its adjustment row as the payload
 * says, and then syncs.
 */
import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { FileStorageError, createPosEngine, openPosStore } from '../src/index.ts';
import type { JournalFile, PlacedOrder, SqliteDatabase } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { catalogPage } from './support/catalog.ts';
import { copyStore } from './support/copy-store.ts';
import { createManualClock } from './support/manual-clock.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { ScriptedSyncTransport, acceptAll, pageAnswer } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath } from './support/test-platform.ts';

const approver = { staffUserId: MAYA.staffUserId, pin: MAYA.pin };

async function refund(harness: PosHarness, order: PlacedOrder, amountCents: number) {
  const placed = await harness.engine.adjustOrder({
    orderId: order.id,
    kind: 'refund',
    amountCents,
    reason: 'Spilled',
    approver,
  });
  if (!placed.ok) throw new Error(placed.error.message);
  return placed.value;
}

async function voidOrder(harness: PosHarness, order: PlacedOrder) {
  const placed = await harness.engine.adjustOrder({
    orderId: order.id,
    kind: 'void',
    reason: 'Wrong band',
    approver,
  });
  if (!placed.ok) throw new Error(placed.error.message);
  return placed.value;
}

const outboxRows = (db: SqliteDatabase) =>
  db.all(
    'SELECT seq, idempotency_key, kind, order_id, payload, amount_cents FROM outbox ORDER BY seq',
  );

const adjustmentRows = (db: SqliteDatabase) => db.all('SELECT * FROM adjustments ORDER BY seq');

for (const adapter of ADAPTERS) {
  describe(`voids and refunds through damage on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const clock = createManualClock();

    /**
     * Three orders synced; a refund of the first confirmed; then, queued, a
     * refund of the second and a void of the third.
     */
    const storeWithAdjustments = async () => {
      const live = joinPath(tempDir(), 'live');
      adapter.files.mkdir(live);
      const harness = openPosHarness(adapter, live);
      await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
      const orders = placeOrders(harness, 3);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const confirmed = await refund(harness, orders[0]!, 200);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const queued = [await refund(harness, orders[1]!, 100), await voidOrder(harness, orders[2]!)];
      return {
        harness,
        orders,
        confirmed,
        queued,
        outbox: outboxRows(harness.db),
        adjustments: adjustmentRows(harness.db),
      };
    };

    const openCopy = (path: string) => openPosStore(adapter.storeFiles(path), { clock });

    const syncAll = async (store: ReturnType<typeof openCopy>) => {
      const transport = new ScriptedSyncTransport();
      const engine = createPosEngine({ store, transport, clock, random: createSeededRandom(5) });
      transport.answerPushes(acceptAll);
      const report = await engine.sync();
      const recent = engine.recentOrders();
      engine.close();
      return { report, recent, transport };
    };

    it('gives back queued voids and refunds from the journal alone when the database is gone', async () => {
      const { harness, outbox, adjustments } = await storeWithAdjustments();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'gone'), { wal: false });
      adapter.files.remove(copy);

      const store = openCopy(copy);

      expect(store.report.problems).toEqual([
        expect.objectContaining({ kind: 'database.missing' }),
      ]);
      expect(outboxRows(store.db)).toEqual(outbox);
      expect(adjustmentRows(store.db)).toEqual(
        adjustments.filter((row) => (row as { status: string }).status === 'queued'),
      );
      expect(store.report.recovery?.restored).toMatchObject({
        queued: 2,
        queuedOnlyFromJournal: 2,
      });
      const { report, transport } = await syncAll(store);
      expect(report).toMatchObject({ accepted: 2, remaining: 0, error: null });
      expect(transport.pushes[0]!.itemsJson).toEqual(
        outbox.map((row) => (row as { payload: string }).payload),
      );
    });

    it('rebuilds a queued refund changed behind its back from its signed work item, and keeps the confirmed one', async () => {
      const { harness, outbox, adjustments, queued, confirmed } = await storeWithAdjustments();
      harness.db.run('UPDATE adjustments SET amount_cents = 1 WHERE id = ?', [queued[0]!.id]);
      const copy = copyStore(harness.path, joinPath(tempDir(), 'changed'));

      const store = openCopy(copy);

      expect(store.report.problems).toEqual([
        { kind: 'row_checksum', detail: `adjustments row ${queued[0]!.id} is not as written` },
      ]);
      expect(outboxRows(store.db)).toEqual(outbox);
      expect(adjustmentRows(store.db)).toEqual(adjustments);
      expect(store.report.recovery?.salvaged.database).toMatchObject({
        confirmedAdjustments: 1,
        queued: 2,
      });
      const { recent } = await syncAll(store);
      expect(recent.find((order) => order.id === confirmed.orderId)?.takenBack).toEqual({
        confirmedCents: 200,
        queuedCents: 0,
      });
    });

    it('keeps a queued refund whose order row was lost: the server has the order', async () => {
      const { harness, orders, outbox, queued } = await storeWithAdjustments();
      harness.db.run('UPDATE orders SET total_cents = 1 WHERE id = ?', [orders[1]!.id]);
      const copy = copyStore(harness.path, joinPath(tempDir(), 'order-lost'));

      const store = openCopy(copy);

      expect(store.report.outcome).toBe('recovered');
      expect(store.db.get('SELECT id FROM orders WHERE id = ?', [orders[1]!.id])).toBeUndefined();
      expect(outboxRows(store.db)).toEqual(outbox);
      const transport = new ScriptedSyncTransport();
      const engine = createPosEngine({ store, transport, clock, random: createSeededRandom(6) });
      expect(engine.queue()[0]).toMatchObject({
        kind: 'order.adjust',
        orderId: orders[1]!.id,
        wristbandUid: null,
        adjustment: { id: queued[0]!.id, kind: 'refund', amountCents: 100 },
      });
      transport.answerPushes(acceptAll);
      expect(await engine.sync()).toMatchObject({ accepted: 2, remaining: 0, error: null });
      engine.close();
    });

    it('takes a void back and says it was not queued when the journal cannot be written', async () => {
      const path = joinPath(tempDir(), 'pos.db');
      const files = adapter.storeFiles(path);
      const full = { on: false };
      const journalFile = (): JournalFile => {
        const file = files.openJournal();
        return {
          ...file,
          append(bytes, durable) {
            if (!full.on) return file.append(bytes, durable);
            throw new FileStorageError('No space left on device', 'ENOSPC');
          },
        };
      };
      const store = openPosStore({ ...files, openJournal: journalFile }, { clock });
      const transport = new ScriptedSyncTransport();
      const engine = createPosEngine({ store, transport, clock, random: createSeededRandom(3) });
      transport.answerPulls(pageAnswer(catalogPage({ approvers: [await approverRecord(MAYA)] })));
      await engine.pull();
      const order = engine.placeOrder({
        wristbandUid: 'TL0001',
        items: [{ productId: catalogPage().products[0]!.id, quantity: 1 }],
      });
      if (!order.ok) throw new Error(order.error.message);
      full.on = true;

      const refused = await engine.adjustOrder({
        orderId: order.value.id,
        kind: 'void',
        reason: 'Wrong band',
        approver,
      });

      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'storage.failed',
          message: expect.stringMatching(/void was not queued.*No space/) as string,
        },
      });
      expect(engine.queue().map((item) => item.kind)).toEqual(['order.place']);
      expect(store.db.all('SELECT seq, kind, reason FROM withdrawn_items')).toEqual([
        { seq: 2, kind: 'order.adjust', reason: expect.stringMatching(/No space/) as string },
      ]);
      expect(engine.recentOrders()[0]).toMatchObject({ voided: false, adjustments: [] });
      full.on = false;
      // Nothing was taken back, so the void can be asked for again, under a new seq.
      const again = await engine.adjustOrder({
        orderId: order.value.id,
        kind: 'void',
        reason: 'Wrong band',
        approver,
      });
      expect(again.ok).toBe(true);
      expect(engine.queue().map((item) => item.seq)).toEqual([1, 3]);
      engine.close();
      // The store, withdrawn item included, passes every check.
      const reopened = openPosStore(adapter.storeFiles(path), { clock });
      expect(reopened.report.problems).toEqual([]);
      reopened.db.close();
      reopened.journal.close();
    });
  });
}
