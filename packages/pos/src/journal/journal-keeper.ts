/**
 * Keeps the journal in step with the store while the engine runs:
 * - every queued work item reaches the journal in seq order: one that could
 *   not be journaled (a full disk) and could not be withdrawn either is
 *   remembered and journaled before the next one, so every outbox row up to
 *   the journal's horizon always has its record;
 * - answered pushes are acknowledged;
 * - once a sync leaves the outbox empty, the journal is compacted to a single
 *   checkpoint, so it never grows without bound.
 * Journal trouble never stops a sync: it shows in `lastError()`.
 */
import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { isStorageFailure } from '../sqlite-error.ts';
import { countQueued } from '../store/count-queued.ts';
import { readQueuedRecord } from '../store/read-queued-records.ts';
import { readStoreState } from '../store/read-store-state.ts';
import { FileStorageError } from '../file-storage-error.ts';
import type { QueuedRecord } from './journal-record.ts';
import { rewriteJournalFromStore } from './rewrite-journal-from-store.ts';
import type { WorkItemJournal } from './work-item-journal.ts';

export interface JournalKeeper {
  readonly journal: WorkItemJournal;
  /**
   * Journals a queued work item, and fsyncs it, after first journaling any
   * earlier one left behind. Throws `FileStorageError`.
   */
  appendQueued(record: Omit<QueuedRecord, 'type'>): void;
  /** An item stored in SQLite that could not be journaled nor withdrawn: journal it later. */
  rememberUnjournaled(seq: number): void;
  /** Items not journaled yet (0 when healthy). */
  unjournaledCount(): number;
  /** Notes that the server's answers to these seqs are applied. */
  acknowledge(seqs: readonly number[]): void;
  /** After a sync: notes the commit count, journals leftovers, compacts when the outbox is empty. */
  afterSync(): void;
  /** After a pull: notes the commit count. */
  afterPull(): void;
  /**
   * After a write that queues no work item but must not vanish unnoticed
   * (the PIN attempt lockout): notes the commit count, so a database that
   * lost the transaction (a deleted or cut -wal) shows it at open.
   */
  noteCommit(): void;
  /**
   * Replaces the journal with a checkpoint and the outbox as it is (read
   * batch by batch). For compaction, and after a reset or a repair.
   */
  rewriteFromStore(): void;
  /** The last journal failure, or null. */
  lastError(): string | null;
}

/**
 * Runs journal upkeep after a sync or a pull. A failing storage (the
 * database or the journal's) leaves the old journal as it was, which is
 * always safe, and the upkeep is tried again next time: it never turns a
 * sync that worked into an error.
 */
function tolerateStorage(upkeep: () => void): void {
  try {
    upkeep();
  } catch (error) {
    if (!(error instanceof FileStorageError) && !isStorageFailure(error)) throw error;
  }
}

export function createJournalKeeper(db: SqliteDatabase, journal: WorkItemJournal): JournalKeeper {
  const unjournaled: number[] = [];
  const commitSeq = () => readStoreState(db)?.commitSeq ?? 0;

  /** Journals the leftovers, oldest first; one that left the outbox needs no record any more. */
  const catchUp = () => {
    while (unjournaled.length > 0) {
      const seq = unjournaled[0]!;
      const record = readQueuedRecord(db, seq, commitSeq());
      if (record !== undefined) journal.appendQueued(record);
      unjournaled.shift();
    }
  };

  const keeper: JournalKeeper = {
    journal,
    appendQueued(record) {
      catchUp();
      journal.appendQueued(record);
    },
    rememberUnjournaled(seq) {
      assert(unjournaled.at(-1) === undefined || unjournaled.at(-1)! < seq, 'seqs grow');
      unjournaled.push(seq);
    },
    unjournaledCount: () => unjournaled.length,
    acknowledge(seqs) {
      tolerateStorage(() => journal.acknowledge(seqs, commitSeq()));
    },
    afterSync() {
      tolerateStorage(() => {
        journal.noteCommit(commitSeq());
        catchUp();
        if (countQueued(db) === 0 && journal.recordsSinceCheckpoint() > 0) {
          keeper.rewriteFromStore();
        }
      });
    },
    afterPull() {
      keeper.noteCommit();
    },
    noteCommit() {
      tolerateStorage(() => journal.noteCommit(commitSeq()));
    },
    rewriteFromStore() {
      rewriteJournalFromStore(db, journal);
      unjournaled.length = 0;
    },
    lastError: () => journal.lastError(),
  };
  return keeper;
}
