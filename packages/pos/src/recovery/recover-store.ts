/**
 * What happens when the checks at open distrust the database:
 * 1. rebuild: a fresh database at a temporary name, filled from the journal
 *    and from what the damaged file still gives (`rebuild-store.ts`), then
 *    checked like any store at open;
 * 2. quarantine: the damaged files (main, -wal, -shm) move into a folder
 *    beside them, named with the time, with a copy of the journal and this
 *    report; nothing is ever deleted;
 * 3. install: the rebuilt database takes the damaged one's place;
 * 4. the journal is rewritten to match the rebuilt store.
 * A crash before 2 leaves the damaged file in place, and the next open
 * starts over; a crash between 2 and 3 leaves a finished rebuild, which the
 * next open installs; a crash between 3 and 4 leaves the old journal, which
 * agrees with the rebuilt store or sends it through this once more.
 */
import type { Clock } from '@tabline/domain';
import { assert } from '@tabline/domain';
import { checkIntegrity } from '../integrity/check-integrity.ts';
import { checkInvariants } from '../integrity/check-invariants.ts';
import { checkRowChecksums } from '../integrity/check-row-checksums.ts';
import type { StoreProblem } from '../integrity/store-problem.ts';
import { rewriteJournalFromStore } from '../journal/rewrite-journal-from-store.ts';
import type { WorkItemJournal } from '../journal/work-item-journal.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import type { Quarantine, StoreFiles } from '../store-files.ts';
import type { DatabaseSalvage, JournalSalvage, RestoredWork } from './rebuild-store.ts';
import { rebuildStore } from './rebuild-store.ts';

export interface RecoveryReport {
  /** When the damage was found, on the engine's clock (RFC 3339). */
  readonly detectedAt: string;
  /** What the checks found. */
  readonly problems: readonly StoreProblem[];
  /** Where the damaged files went. */
  readonly quarantine: Quarantine;
  readonly salvaged: { readonly database: DatabaseSalvage; readonly journal: JournalSalvage };
  readonly restored: RestoredWork;
  /** The last seq handed out: the next work item gets the one after. */
  readonly lastSeq: number;
}

export function recoverStore(
  files: StoreFiles,
  journal: WorkItemJournal,
  problems: readonly StoreProblem[],
  clock: Clock,
): RecoveryReport {
  const detectedAt = new Date(clock.now()).toISOString();
  const rebuilt = buildReplacement(files, journal);
  const describe = (folder: string) =>
    JSON.stringify(
      { detectedAt, problems, quarantineFolder: folder, store: files.location, ...rebuilt },
      null,
      2,
    );
  const quarantine = files.quarantine(quarantineLabel(detectedAt), describe);
  files.installRebuild();
  const db = files.openDatabase();
  try {
    rewriteJournalFromStore(db, journal);
  } finally {
    db.close();
  }
  return { detectedAt, problems, quarantine, ...rebuilt };
}

function buildReplacement(files: StoreFiles, journal: WorkItemJournal) {
  const target = files.createRebuild();
  try {
    const damaged = openDamaged(files);
    try {
      const {
        database,
        journal: fromJournal,
        restored,
        lastSeq,
      } = rebuildStore(target, damaged, journal);
      checkRebuilt(target);
      return { salvaged: { database, journal: fromJournal }, restored, lastSeq };
    } finally {
      damaged?.close();
    }
  } finally {
    target.close();
  }
}

/** The damaged database read-only, or null when there is none or SQLite cannot open it at all. */
function openDamaged(files: StoreFiles): SqliteDatabase | null {
  if (!files.hasDatabase()) return null;
  try {
    return files.openDatabaseReadOnly();
  } catch (error) {
    if (!(error instanceof SqliteError)) throw error;
    return null;
  }
}

/** The rebuilt store passes every check a store passes at open, or the rebuild has a bug. */
function checkRebuilt(db: SqliteDatabase): void {
  const found = [...checkIntegrity(db), ...checkRowChecksums(db).problems, ...checkInvariants(db)];
  assert(found.length === 0, `the rebuilt store passes its checks: ${JSON.stringify(found)}`);
}

/** A timestamp that sorts and is a valid file name everywhere: 2026-07-04T18-00-00-000Z. */
function quarantineLabel(isoTime: string): string {
  return isoTime.replace(/[:.]/g, '-');
}
