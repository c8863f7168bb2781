import type { Clock } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { StoreFiles } from '../store-files.ts';
import type { JournalOpenReport } from '../store-open-report.ts';
import { readQueuedRecords } from '../store/read-queued-records.ts';
import { readStoreState } from '../store/read-store-state.ts';
import { rewriteJournalFromStore } from './rewrite-journal-from-store.ts';
import type { JournalScan, WorkItemJournal } from './work-item-journal.ts';

/**
 * Makes the journal agree with a store that passed its checks: rewrites a
 * missing or damaged journal from the store (a damaged one is copied into
 * quarantine first), or journals the work items a crash left between their
 * commit and their append (the rows above the journal's horizon).
 */
export function bringJournalUpToDate(
  files: StoreFiles,
  db: SqliteDatabase,
  journal: WorkItemJournal,
  scan: JournalScan,
  clock: Clock,
): JournalOpenReport {
  const base = {
    location: journal.location,
    records: scan.records,
    tornAppends: scan.tornAppends,
    damagedLines: scan.damagedLines,
  };
  if (scan.damagedLines > 0) {
    const label = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
    const quarantine = files.quarantineJournal(label, () => JSON.stringify({ journal: base }));
    rewriteJournalFromStore(db, journal);
    return { ...base, journaledAtOpen: 0, rewritten: 'repaired', quarantine };
  }
  if (!scan.hasCheckpoint) {
    rewriteJournalFromStore(db, journal);
    return { ...base, journaledAtOpen: 0, rewritten: 'created', quarantine: null };
  }
  const commitSeq = readStoreState(db)?.commitSeq ?? 0;
  let journaledAtOpen = 0;
  for (const record of readQueuedRecords(db, commitSeq, scan.seqMax)) {
    journal.appendQueued(record);
    journaledAtOpen++;
  }
  return { ...base, journaledAtOpen, rewritten: 'no', quarantine: null };
}
