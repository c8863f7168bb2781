import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueuedRecord } from '../src/journal/journal-record.ts';
import { encodeRecord } from '../src/journal/journal-record.ts';
import { openWorkItemJournal } from '../src/journal/work-item-journal.ts';
import { JOURNAL_ROOM_AHEAD_BYTES, openNodeJournalFile } from '../src/node/index.ts';
import { queuedRecord as queued } from './support/queued-record.ts';
import { useTempDir } from './support/temp-dir.ts';

/** The journal's bytes on disk, zeros made ahead included. */
const rawBytes = (path: string) => new Uint8Array(readFileSync(path));

/** Opens the journal at `path`, scans it and closes it: the scan, and the seqs queued. */
function rescan(path: string) {
  const seqs: number[] = [];
  const journal = openWorkItemJournal(openNodeJournalFile(path));
  const scan = journal.scan((record) => {
    if (record.type === 'queued') seqs.push(record.seq);
  });
  journal.close();
  return { scan, seqs };
}

describe('the journal file on Node', () => {
  const tempDir = useTempDir();
  const path = () => join(tempDir(), 'pos.db.journal');

  const journalWith = (count: number) => {
    const journal = openWorkItemJournal(openNodeJournalFile(path()));
    journal.scan();
    journal.rewrite({ seqMax: 0, commitSeq: 0 }, []);
    for (let seq = 1; seq <= count; seq++) journal.appendQueued(queued(seq));
    return journal;
  };

  it('writes records into room made ahead, so appends do not grow the file', () => {
    journalWith(1).close();
    const made = statSync(path()).size;
    expect(made).toBeGreaterThanOrEqual(JOURNAL_ROOM_AHEAD_BYTES);

    const journal = openWorkItemJournal(openNodeJournalFile(path()));
    journal.scan();
    for (let seq = 2; seq <= 50; seq++) journal.appendQueued(queued(seq));
    journal.close();

    expect(statSync(path()).size).toBe(made);
    const bytes = rawBytes(path());
    const content = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
    expect(content.split('\n').filter(Boolean)).toHaveLength(51); // the checkpoint and 50 records
    expect(bytes.subarray(content.length).every((byte) => byte === 0)).toBe(true);
  });

  it('makes room again when the records reach the end of it, and reads them all back', () => {
    const journal = journalWith(0);
    const big = (seq: number): QueuedRecord => ({ ...queued(seq), payload: 'x'.repeat(100_000) });
    const count = Math.ceil((2 * JOURNAL_ROOM_AHEAD_BYTES) / 100_000);
    for (let seq = 1; seq <= count; seq++) journal.appendQueued(big(seq));
    journal.close();
    expect(statSync(path()).size).toBeGreaterThan(2 * JOURNAL_ROOM_AHEAD_BYTES);

    const { scan, seqs } = rescan(path());
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(scan).toMatchObject({ damagedLines: 0, tornAppends: 0 });
  });

  it('ignores a record a crash cut short in the room made ahead, keeps every earlier one, and writes the next after them', () => {
    journalWith(3).close();
    const bytes = rawBytes(path());
    const end = bytes.indexOf(0);
    // The crash: part of record 4 reached the disk, the zeros after it are as they were.
    bytes.set(encodeRecord(queued(4)).subarray(0, 40), end);
    writeFileSync(path(), bytes);

    const afterCrash = openWorkItemJournal(openNodeJournalFile(path()));
    expect(afterCrash.scan()).toMatchObject({ seqMax: 3, tornAppends: 1, damagedLines: 0 });
    afterCrash.appendQueued(queued(4));
    afterCrash.close();

    const { scan: later, seqs } = rescan(path());
    expect(later).toMatchObject({ seqMax: 4, tornAppends: 1, damagedLines: 0 });
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it('reads a journal written before room was made ahead (no zeros at its end) and appends to it', () => {
    const lines = [1, 2].map((seq) => encodeRecord(queued(seq)));
    const journal = openWorkItemJournal(openNodeJournalFile(path()));
    journal.scan();
    journal.rewrite({ seqMax: 0, commitSeq: 0 }, []);
    journal.close();
    const checkpoint = rawBytes(path()); // a rewrite leaves no room: the file ends with its records
    writeFileSync(path(), Buffer.concat([checkpoint, ...lines]));

    const reopened = openWorkItemJournal(openNodeJournalFile(path()));
    expect(reopened.scan()).toMatchObject({ seqMax: 2, records: 3, damagedLines: 0 });
    reopened.appendQueued(queued(3));
    reopened.close();
    expect(rescan(path()).scan).toMatchObject({
      seqMax: 3,
      records: 4,
      damagedLines: 0,
      tornAppends: 0,
    });
  });
});
