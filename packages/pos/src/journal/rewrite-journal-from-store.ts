import { assert } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { readQueuedRecords } from '../store/read-queued-records.ts';
import { readStoreState } from '../store/read-store-state.ts';
import type { WorkItemJournal } from './work-item-journal.ts';

/**
 * Replaces the journal, atomically, with what the store holds now: a
 * checkpoint at the last seq handed out and one queued record per outbox
 * row, read batch by batch. Compaction, a reset, a repair of a damaged
 * journal and the end of a recovery all come down to this.
 */
export function rewriteJournalFromStore(db: SqliteDatabase, journal: WorkItemJournal): void {
  const state = readStoreState(db);
  assert(state !== undefined, 'the store_state row exists');
  journal.rewrite(
    { seqMax: state.lastSeq, commitSeq: state.commitSeq },
    readQueuedRecords(db, state.commitSeq),
  );
}
