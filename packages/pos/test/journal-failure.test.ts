import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { FileStorageError, createPosEngine, decodeLine, openPosStore } from '../src/index.ts';
import type { JournalFile, OpenedStore } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { createManualClock } from './support/manual-clock.ts';
import { ScriptedSyncTransport, pageAnswer } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath, readText } from './support/test-platform.ts';

const ORDER = { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1 }] };

for (const adapter of ADAPTERS) {
  describe(`placing an order when the journal cannot be written, on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    /** An engine whose journal appends fail while `full.on` is set, as on a full disk. */
    const openWithFullDisk = async (onFull: (store: OpenedStore) => void = () => {}) => {
      const path = joinPath(tempDir(), 'pos.db');
      const files = adapter.storeFiles(path);
      const full = { on: false };
      const holder: { store?: OpenedStore } = {};
      const journalFile = (): JournalFile => {
        const file = files.openJournal();
        return {
          ...file,
          append(bytes, durable) {
            if (!full.on) return file.append(bytes, durable);
            onFull(holder.store!);
            throw new FileStorageError('No space left on device', 'ENOSPC');
          },
        };
      };
      const clock = createManualClock();
      const store = openPosStore({ ...files, openJournal: journalFile }, { clock });
      holder.store = store;
      const transport = new ScriptedSyncTransport();
      const engine = createPosEngine({ store, transport, clock, random: createSeededRandom(3) });
      transport.answerPulls(pageAnswer(catalogPage()));
      await engine.pull();
      return { path, full, store, engine, clock };
    };

    it('takes the order back and says it was not taken, keeping it as a withdrawn item', async () => {
      const { path, full, store, engine, clock } = await openWithFullDisk();
      expect(engine.placeOrder(ORDER).ok).toBe(true);
      full.on = true;

      const refused = engine.placeOrder(ORDER);

      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'storage.failed',
          message: expect.stringMatching(/not taken.*No space/) as string,
        },
      });
      expect(engine.queue().map((item) => item.seq)).toEqual([1]);
      expect(engine.recentOrders()).toHaveLength(1);
      expect(store.db.all('SELECT seq, reason FROM withdrawn_items')).toEqual([
        { seq: 2, reason: 'The journal could not be written: No space left on device' },
      ]);
      full.on = false;
      expect(engine.placeOrder(ORDER).ok).toBe(true);
      expect(engine.queue().map((item) => item.seq)).toEqual([1, 3]);
      engine.close();
      const reopened = openPosStore(adapter.storeFiles(path), { clock });
      expect(reopened.report.outcome).toBe('opened');
    });

    it('keeps and returns an order it could neither journal nor withdraw, and journals it before the next one', async () => {
      const { path, full, store, engine, clock } = await openWithFullDisk((opened) =>
        opened.db.exec('PRAGMA query_only = ON'),
      );
      full.on = true;

      const kept = engine.placeOrder(ORDER);

      expect(kept.ok).toBe(true);
      expect(engine.status()).toMatchObject({
        backlogCount: 1,
        unjournaledCount: 1,
        journalError: 'No space left on device',
      });
      full.on = false;
      store.db.exec('PRAGMA query_only = OFF');
      expect(engine.placeOrder(ORDER).ok).toBe(true);
      expect(engine.status()).toMatchObject({ backlogCount: 2, unjournaledCount: 0 });
      const journaled = readText(adapter.files, `${path}.journal`)
        .split('\n')
        .filter(Boolean)
        .map((line) => decodeLine(new TextEncoder().encode(line)))
        .filter((record) => record?.type === 'queued')
        .map((record) => record?.type === 'queued' && record.seq);
      expect(journaled).toEqual([1, 2]);
      engine.close();
      expect(openPosStore(adapter.storeFiles(path), { clock }).report.outcome).toBe('opened');
    });
  });
}
