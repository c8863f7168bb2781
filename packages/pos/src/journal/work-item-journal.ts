/**
 * The work-item journal: an append-only file beside the database that holds
 * every work item placeOrder stored, written and fsynced after the SQLite
 * commit and before placeOrder returns. An order placeOrder returned is then
 * on stable storage twice, in two files that fail independently: if the
 * database is damaged or loses transactions (a deleted or cut -wal), the
 * journal shows it and gives the work back (`src/recovery/`).
 *
 * The record format is in `journal-record.ts`; the bytes are kept by a
 * platform's `JournalFile`. The journal grows by one record per order and
 * one per answered push, and is compacted to a single checkpoint whenever
 * the outbox is empty after a sync, so it holds at most the work since the
 * device was last in step with the server.
 */
import { assert } from '@tabline/domain';
import type { JournalFile } from './journal-file.ts';
import { FileStorageError } from '../file-storage-error.ts';
import type { CheckpointRecord, JournalRecord, QueuedRecord } from './journal-record.ts';
import { JOURNAL_FORMAT_VERSION, encodeRecord } from './journal-record.ts';
import type { JournalScan, Tail } from './scan-journal.ts';
import { scanJournal } from './scan-journal.ts';

export type { JournalScan };

export interface WorkItemJournal {
  readonly location: string;
  /**
   * Reads the whole journal, in order, handing each intact record to
   * `visit`; must run before anything is appended. Memory stays flat.
   */
  scan(visit?: (record: JournalRecord) => void): JournalScan;
  /** Appends a queued work item and fsyncs it. Throws `FileStorageError`. */
  appendQueued(record: Omit<QueuedRecord, 'type'>): void;
  /** Notes answered seqs; never throws for the storage (a lost note costs a resend). */
  acknowledge(seqs: readonly number[], commitSeq: number): void;
  /** Notes the store's commit count if it moved; never throws for the storage. */
  noteCommit(commitSeq: number): void;
  /**
   * Replaces the journal atomically with a checkpoint and the given queued
   * records (the outbox as it is). Throws `FileStorageError`; the old
   * journal then stays, which is always safe.
   */
  rewrite(
    checkpoint: Omit<CheckpointRecord, 'type' | 'version'>,
    queued: Iterable<QueuedRecord>,
  ): void;
  /** Records appended since the last checkpoint (compaction is due when > 0). */
  recordsSinceCheckpoint(): number;
  /** The last storage failure of an append, until a rewrite succeeds; null when healthy. */
  lastError(): string | null;
  close(): void;
}

const LINE_BREAK = new Uint8Array([0x0a]);

export function openWorkItemJournal(file: JournalFile): WorkItemJournal {
  let scanned = false;
  let tail: Tail = { kind: 'clean' };
  let sinceCheckpoint = 0;
  let lastError: string | null = null;
  // The highest commit count the journal holds: an unchanged count is not noted again,
  // so an idle device that syncs on a timer neither grows nor rewrites its journal.
  let commitSeqMax = 0;

  /** Seals a cut-short or unterminated last line, so the next record starts a line of its own. */
  const startLine = () => {
    assert(scanned, 'the journal is scanned before anything is appended');
    if (tail.kind === 'clean') return;
    const torn = tail.kind === 'torn' ? encodeRecord({ type: 'torn', bytes: tail.bytes }) : null;
    file.append(torn === null ? LINE_BREAK : concat(LINE_BREAK, torn), false);
    tail = { kind: 'clean' };
  };

  const append = (record: JournalRecord, durable: boolean) => {
    startLine();
    const bytes = encodeRecord(record);
    const before = file.size();
    try {
      file.append(bytes, durable);
    } catch (error) {
      tail = tailAfterFailedAppend(file, before, bytes.length);
      throw error;
    }
    sinceCheckpoint++;
    if ('commitSeq' in record) commitSeqMax = Math.max(commitSeqMax, record.commitSeq);
  };

  const bestEffort = (record: JournalRecord) => {
    try {
      append(record, false);
    } catch (error) {
      if (!(error instanceof FileStorageError)) throw error;
      lastError = error.message;
    }
  };

  return {
    location: file.location,
    scan(visit) {
      const result = scanJournal(file, visit ?? (() => {}));
      scanned = true;
      tail = result.tail;
      sinceCheckpoint = result.scan.recordsSinceCheckpoint;
      commitSeqMax = result.scan.commitSeqMax;
      return result.scan;
    },
    appendQueued(record) {
      try {
        append({ type: 'queued', ...record }, true);
      } catch (error) {
        if (error instanceof FileStorageError) lastError = error.message;
        throw error;
      }
    },
    acknowledge(seqs, commitSeq) {
      if (seqs.length > 0) bestEffort({ type: 'acknowledged', seqs, commitSeq });
    },
    noteCommit(commitSeq) {
      if (commitSeq > commitSeqMax) bestEffort({ type: 'commit', commitSeq });
    },
    rewrite(checkpoint, queued) {
      assert(scanned, 'the journal is scanned before it is rewritten');
      let count = 0;
      function* records(): Generator<Uint8Array> {
        yield encodeRecord({ type: 'checkpoint', version: JOURNAL_FORMAT_VERSION, ...checkpoint });
        for (const record of queued) {
          count++;
          yield encodeRecord(record);
        }
      }
      file.replace(records());
      tail = { kind: 'clean' };
      sinceCheckpoint = count;
      commitSeqMax = checkpoint.commitSeq;
      lastError = null;
    },
    recordsSinceCheckpoint: () => sinceCheckpoint,
    lastError: () => lastError,
    close: () => file.close(),
  };
}

/**
 * After a failed append the file may hold part of the record: seal exactly
 * that part off as torn before the next record. If even the size cannot be
 * read, a bare line break still keeps the next record on a line of its own.
 */
function tailAfterFailedAppend(file: JournalFile, before: number, length: number): Tail {
  try {
    const written = file.size() - before;
    if (written <= 0 || written === length) return { kind: 'clean' };
    return { kind: 'torn', bytes: written };
  } catch {
    return { kind: 'unterminated' };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
