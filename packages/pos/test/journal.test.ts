import { describe, expect, it } from 'vitest';
import {
  FileStorageError,
  crc32Text,
  decodeLine,
  encodeRecord,
  openWorkItemJournal,
} from '../src/index.ts';
import type { JournalFile, JournalRecord, QueuedRecord } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import type { SqliteAdapter } from './support/adapters.ts';
import { placeOrders } from './support/place-orders.ts';
import { queuedRecord as queued } from './support/queued-record.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { NETWORK_DOWN, acceptAll, failWith } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath, readText } from './support/test-platform.ts';

const lines = (adapter: SqliteAdapter, path: string) => readText(adapter.files, path).split('\n');

for (const adapter of ADAPTERS) {
  describe(`the journal file on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const store = () => joinPath(tempDir(), 'pos.db');
    const path = () => `${store()}.journal`;
    const openJournalFile = () => adapter.storeFiles(store()).openJournal();

    /** A journal with a checkpoint and queued records 1…n, scanned and ready. */
    const journalWith = (count: number) => {
      const journal = openWorkItemJournal(openJournalFile());
      journal.scan();
      journal.rewrite({ seqMax: 0, commitSeq: 0 }, []);
      for (let seq = 1; seq <= count; seq++) journal.appendQueued(queued(seq));
      return journal;
    };

    const rescan = () => {
      const records: JournalRecord[] = [];
      const journal = openWorkItemJournal(openJournalFile());
      const scan = journal.scan((record) => records.push(record));
      return { journal, scan, records };
    };

    it('writes one checksummed JSON record per line and reads back the exact payload', () => {
      journalWith(2).close();
      const [checkpoint, first] = lines(adapter, path());
      expect(checkpoint).toMatch(/^[0-9a-f]{8} \{"type":"checkpoint","version":1,/);
      expect(decodeLine(new TextEncoder().encode(first))).toEqual(queued(1));
      const { scan, records } = rescan();
      expect(records.filter((record) => record.type === 'queued')).toEqual([queued(1), queued(2)]);
      expect(scan).toMatchObject({ records: 3, seqMax: 2, damagedLines: 0, tornAppends: 0 });
    });

    it('writes a line as the CRC-32 of its JSON in hex, a space, the UTF-8 JSON and a line break, whatever the characters', () => {
      const names = [
        'Lager',
        'Crème brûlée',
        'Bière 🍺',
        'lone \uD800 surrogate',
        'nul \u0000 tab \t',
      ];
      for (const name of names) {
        const record: QueuedRecord = { ...queued(7), payload: JSON.stringify({ name }) };
        const json = JSON.stringify(record);
        // The core's CRC-32 is zlib's (crc32.test.ts checks it against zlib itself).
        const expected = `${crc32Text(json).toString(16).padStart(8, '0')} ${json}\n`;
        expect(new TextDecoder().decode(encodeRecord(record))).toBe(expected);
        expect(decodeLine(encodeRecord(record).subarray(0, -1))).toEqual(record);
      }
    });

    it('ignores a record a crash cut short at the end, keeps every earlier one, and starts the next on a line of its own', () => {
      journalWith(3).close();
      const whole = encodeRecord(queued(4));
      adapter.files.append(path(), whole.subarray(0, 40)); // the crash: part of record 4, no line break

      const afterCrash = rescan();
      expect(afterCrash.scan).toMatchObject({
        records: 4,
        seqMax: 3,
        tornAppends: 1,
        damagedLines: 0,
      });
      afterCrash.journal.appendQueued(queued(4));
      afterCrash.journal.close();

      const later = rescan();
      expect(later.scan).toMatchObject({ records: 5, seqMax: 4, tornAppends: 1, damagedLines: 0 });
      expect(later.records.at(-1)).toEqual(queued(4));
    });

    it('keeps an intact last record that lost only its line break', () => {
      journalWith(1).close();
      adapter.files.append(path(), encodeRecord(queued(2)).subarray(0, -1));
      const { journal, scan } = rescan();
      expect(scan).toMatchObject({ records: 3, seqMax: 2, tornAppends: 0 });
      journal.appendQueued(queued(3));
      journal.close();
      expect(rescan().scan).toMatchObject({
        records: 4,
        seqMax: 3,
        tornAppends: 0,
        damagedLines: 0,
      });
    });

    it('loses only the damaged line when a byte in the middle is flipped, and counts it as damage', () => {
      journalWith(3).close();
      const bytes = adapter.files.read(path());
      const secondLine = bytes.indexOf(0x0a) + 1; // after the first line break
      bytes[secondLine + 30]! ^= 0x01;
      adapter.files.write(path(), bytes);
      const { scan, records } = rescan();
      expect(scan).toMatchObject({ damagedLines: 1, tornAppends: 0, seqMax: 3 });
      expect(records.map((record) => ('seq' in record ? record.seq : record.type))).toEqual([
        'checkpoint',
        2,
        3,
      ]);
    });

    it('skips a line longer than any record without holding it, and reads on', () => {
      journalWith(1).close();
      adapter.files.append(path(), `${'x'.repeat(3 * 1024 * 1024)}\n`);
      adapter.files.append(path(), encodeRecord(queued(2)));
      const { scan } = rescan();
      expect(scan).toMatchObject({ records: 3, seqMax: 2, damagedLines: 1 });
    });

    it('seals off exactly the part of a record the storage failed to finish, so the next record is whole', () => {
      const file = openJournalFile();
      let failNext = false;
      const failing: JournalFile = {
        ...file,
        append(bytes, durable) {
          if (!failNext) return file.append(bytes, durable);
          failNext = false;
          file.append(bytes.subarray(0, 25), false);
          throw new FileStorageError('No space left on device', 'ENOSPC');
        },
      };
      const journal = openWorkItemJournal(failing);
      journal.scan();
      journal.rewrite({ seqMax: 0, commitSeq: 0 }, []);
      journal.appendQueued(queued(1));
      failNext = true;
      expect(() => journal.appendQueued(queued(2))).toThrow(FileStorageError);
      expect(journal.lastError()).toMatch(/No space/);
      journal.appendQueued(queued(2));
      journal.close();
      const { scan, records } = rescan();
      expect(scan).toMatchObject({ tornAppends: 1, damagedLines: 0, seqMax: 2 });
      expect(records.filter((record) => record.type === 'queued')).toEqual([queued(1), queued(2)]);
    });
  });

  describe(`the engine's journal on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithCatalog = async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      return harness;
    };
    const journalRecords = (path: string) =>
      lines(adapter, `${path}.journal`)
        .filter((line) => line.length > 0)
        .map((line) => decodeLine(new TextEncoder().encode(line)));

    it('holds every order placeOrder returned, with the exact payload the outbox holds', async () => {
      const harness = await openWithCatalog();
      const placed = placeOrders(harness, 3);
      const outbox = harness.db.all<{ seq: number; idempotency_key: string; payload: string }>(
        'SELECT seq, idempotency_key, payload FROM outbox ORDER BY seq',
      );
      const journaled = journalRecords(harness.path).filter((record) => record?.type === 'queued');
      expect(journaled).toEqual(
        outbox.map((row, index): unknown =>
          expect.objectContaining({
            seq: row.seq,
            idempotencyKey: row.idempotency_key,
            orderId: placed[index]!.id,
            amountCents: placed[index]!.totalCents,
            payload: row.payload,
          }),
        ),
      );
    });

    it('acknowledges answered pushes, and compacts to one checkpoint once the outbox is empty', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 5);
      harness.transport.answerPushes(failWith(NETWORK_DOWN));
      await harness.engine.sync();
      const beforeBytes = adapter.files.size(`${harness.path}.journal`);
      expect(journalRecords(harness.path).filter((r) => r?.type === 'queued')).toHaveLength(5);

      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();

      expect(journalRecords(harness.path)).toEqual([
        { type: 'checkpoint', version: 1, seqMax: 5, commitSeq: expect.any(Number) as number },
      ]);
      expect(adapter.files.size(`${harness.path}.journal`)).toBeLessThan(beforeBytes);
      harness.reopen();
      expect(harness.report).toMatchObject({ outcome: 'opened', journal: { records: 1 } });
      placeOrders(harness, 1);
      expect(harness.engine.queue().map((item) => item.seq)).toEqual([6]);
    });

    it('is neither grown nor rewritten by syncs that find nothing to do', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      const compacted = adapter.files.read(`${harness.path}.journal`);
      const identity = adapter.files.identity(`${harness.path}.journal`);

      // Idle syncs still report in with a heartbeat; that writes no work.
      harness.transport.answerPushes(acceptAll, acceptAll, acceptAll);
      for (let round = 0; round < 3; round++) await harness.engine.sync();

      expect(adapter.files.read(`${harness.path}.journal`)).toEqual(compacted);
      expect(adapter.files.identity(`${harness.path}.journal`)).toBe(identity);
    });

    it('is not compacted while work remains, and notes each answered batch', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 3);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync(); // compacted: empty outbox
      placeOrders(harness, 4);
      harness.reopen({ pushItemsMax: 2, pushBatchesPerSyncMax: 1 });
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();

      const records = journalRecords(harness.path);
      expect(
        records.filter((r) => r?.type === 'queued').map((r) => r?.type === 'queued' && r.seq),
      ).toEqual([4, 5, 6, 7]);
      expect(records.filter((r) => r?.type === 'acknowledged')).toEqual([
        expect.objectContaining({ seqs: [4, 5] }),
      ]);
      harness.reopen();
      expect(harness.report.outcome).toBe('opened');
    });

    it('journals at the next open a work item a crash left between its commit and its append', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      const journalPath = `${harness.path}.journal`;
      const text = readText(adapter.files, journalPath);
      const lastLine = text.slice(0, -1).lastIndexOf('\n') + 1;
      adapter.files.write(journalPath, text.slice(0, lastLine)); // as if the process died before appending 2

      harness.reopen();

      expect(harness.report).toMatchObject({ outcome: 'opened', journal: { journaledAtOpen: 1 } });
      expect(journalRecords(harness.path).filter((r) => r?.type === 'queued')).toHaveLength(2);
    });

    it('repairs a damaged journal from a healthy database, keeping the damaged copy in quarantine', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 3);
      const journalPath = `${harness.path}.journal`;
      const bytes = adapter.files.read(journalPath);
      bytes[bytes.indexOf(0x0a) + 40]! ^= 0x04; // in the second line
      adapter.files.write(journalPath, bytes);

      harness.reopen();

      expect(harness.report).toMatchObject({
        outcome: 'opened',
        journal: { damagedLines: 1, rewritten: 'repaired' },
      });
      expect(
        adapter.files.read(joinPath(harness.report.journal.quarantine!.folder, 'pos.db.journal')),
      ).toEqual(bytes);
      expect(journalRecords(harness.path).filter((r) => r?.type === 'queued')).toHaveLength(3);
      expect(harness.engine.queue()).toHaveLength(3);
    });

    it('writes a journal from the database when there is none (an upgrade, a lost file)', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      harness.engine.close();
      adapter.files.write(`${harness.path}.journal`, '');

      harness.reopen();

      expect(harness.report).toMatchObject({
        outcome: 'opened',
        journal: { rewritten: 'created' },
      });
      expect(journalRecords(harness.path).filter((r) => r?.type === 'queued')).toHaveLength(2);
    });
  });
}
