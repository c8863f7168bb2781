/**
 * Opening the store, before the engine touches it:
 * 1. finish a recovery a crash interrupted (a rebuilt store not installed);
 * 2. examine the database read-only: its schema and version against what
 *    was sealed, `PRAGMA integrity_check`, every row's checksum, the rules
 *    rows keep between them, and the agreement with the journal;
 * 3. if anything is wrong, quarantine and rebuild (`recovery/`), then
 *    examine the rebuilt store the same way;
 * 4. open the database for the engine (WAL, synchronous=FULL), migrating
 *    and sealing a new or older one; bring the journal up to date: journal
 *    what a crash left between a commit and its append, rewrite a journal
 *    that is missing or damaged (keeping a copy of the damaged one).
 * The checks read every row once, batch by batch: their cost grows with the
 * store, their memory does not (see the package README for measurements).
 *
 * Operating errors of the storage itself (locked, full, read-only, I/O)
 * are not damage: they propagate as `SqliteError` or `FileStorageError`,
 * and nothing is moved.
 */
import type { Clock } from '@tabline/domain';
import { assert } from '@tabline/domain';
import { examineStore } from './integrity/examine-store.ts';
import { bringJournalUpToDate } from './journal/bring-journal-up-to-date.ts';
import type { WorkItemJournal } from './journal/work-item-journal.ts';
import { openWorkItemJournal } from './journal/work-item-journal.ts';
import type { RecoveryReport } from './recovery/recover-store.ts';
import { recoverStore } from './recovery/recover-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import type { StoreFiles } from './store-files.ts';
import type { StoreOpenReport } from './store-open-report.ts';

export interface OpenPosStoreOptions {
  /** Names quarantine folders and times the checks. */
  readonly clock: Clock;
}

/** A store ready for the engine, which owns it from then on. */
export interface OpenedStore {
  readonly db: SqliteDatabase;
  readonly journal: WorkItemJournal;
  readonly files: StoreFiles;
  readonly report: StoreOpenReport;
}

export function openPosStore(files: StoreFiles, options: OpenPosStoreOptions): OpenedStore {
  const { clock } = options;
  const startedAt = clock.now();
  const finishedInterruptedRecovery = !files.hasDatabase() && files.hasRebuild();
  if (finishedInterruptedRecovery) files.installRebuild();
  const journal = openWorkItemJournal(files.openJournal());
  let db: SqliteDatabase | null = null;
  try {
    let examination = examineStore(files, journal);
    let recovery: RecoveryReport | null = null;
    if (examination.problems.length > 0) {
      recovery = recoverStore(files, journal, examination.problems, clock);
      examination = examineStore(files, journal);
      assert(
        examination.problems.length === 0,
        `the recovered store passes its checks: ${JSON.stringify(examination.problems)}`,
      );
    }
    db = examination.db;
    assert(db !== null && examination.scan !== null, 'a store without problems is open');
    const journalReport = bringJournalUpToDate(files, db, journal, examination.scan, clock);
    const report: StoreOpenReport = {
      outcome: recovery === null ? 'opened' : 'recovered',
      location: files.location,
      schema: examination.standing,
      openedAt: new Date(startedAt).toISOString(),
      checkMs: clock.now() - startedAt,
      rowsChecked: examination.rowsChecked,
      journal: journalReport,
      problems: recovery?.problems ?? [],
      recovery,
      finishedInterruptedRecovery,
    };
    return { db, journal, files, report };
  } catch (error) {
    db?.close();
    journal.close();
    throw error;
  }
}
