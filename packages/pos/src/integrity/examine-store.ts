/**
 * The examination of a store at open. Everything that needs no write runs
 * on a read-only connection, so a damaged file goes to quarantine exactly as
 * it was found: the schema and its version against what was sealed,
 * `PRAGMA integrity_check`, every row's checksum, the rules rows keep
 * between them, and the agreement with the journal. Then the engine's own
 * connection is opened (migrating and sealing a file that needs it).
 * SQLite's verdict that the file is damaged becomes a problem; failures of
 * the storage itself propagate and nothing is moved.
 */
import { migrateDatabase, newerReleaseError } from '../migrations/migrate-database.ts';
import type { JournalScan, WorkItemJournal } from '../journal/work-item-journal.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import type { StoreFiles } from '../store-files.ts';
import { checkIntegrity } from './check-integrity.ts';
import { checkInvariants } from './check-invariants.ts';
import { checkJournalAgreement } from './check-journal-agreement.ts';
import { checkRowChecksums } from './check-row-checksums.ts';
import { classifySchema } from './classify-schema.ts';
import { sealStore } from './seal-store.ts';
import type { StoreProblem } from './store-problem.ts';
import { problem } from './store-problem.ts';

export type OpenStanding = 'new' | 'older' | 'unsealed' | 'current';

export interface Examination {
  readonly problems: readonly StoreProblem[];
  readonly standing: OpenStanding;
  readonly rowsChecked: number;
  readonly scan: JournalScan | null;
  /** The engine's connection, open when there are no problems. */
  readonly db: SqliteDatabase | null;
}

export function examineStore(files: StoreFiles, journal: WorkItemJournal): Examination {
  if (!files.hasDatabase()) {
    const scan = journal.scan();
    if (scan.seqMax > 0 || scan.commitSeqMax > 0) {
      const detail = `no database file, but the journal saw work item ${scan.seqMax}`;
      return failed([problem('database.missing', detail)], 'new', scan);
    }
  }
  const first = files.hasDatabase() ? examineReadOnly(files, journal) : null;
  if (first !== null && first.problems.length > 0) return first;
  return openForEngine(files, journal, first);
}

/**
 * Every check that needs no write, on a read-only connection: a damaged
 * file goes to quarantine exactly as it was found. A file to be migrated
 * (new, older, unsealed) only gets `integrity_check` here; the rest runs
 * once it is migrated and sealed.
 */
function examineReadOnly(files: StoreFiles, journal: WorkItemJournal): Examination {
  return asDamage('current', () => {
    const db = files.openDatabaseReadOnly();
    try {
      const standing = classifySchema(db);
      if (standing.kind === 'damaged') {
        return failed([problem('schema', standing.detail)], 'current');
      }
      if (standing.kind === 'newer') throw newerReleaseError(standing.version);
      const integrity = checkIntegrity(db);
      if (integrity.length > 0) return failed(integrity, standing.kind);
      if (standing.kind !== 'current') return passed(standing.kind, 0, null, null);
      return checkContent(db, journal, 'current');
    } finally {
      db.close();
    }
  });
}

/** Opens the engine's connection, migrating and sealing a file that needs it, and checks it then. */
function openForEngine(
  files: StoreFiles,
  journal: WorkItemJournal,
  first: Examination | null,
): Examination {
  const standing = first?.standing ?? 'new';
  const opened: { db: SqliteDatabase | null } = { db: null };
  try {
    const examination = asDamage(standing, () => {
      const db = (opened.db = files.openDatabase());
      if (first !== null && standing === 'current') return { ...first, db };
      migrateDatabase(db);
      sealStore(db);
      return { ...checkContent(db, journal, standing), db };
    });
    if (examination.problems.length > 0) opened.db?.close();
    return examination;
  } catch (error) {
    opened.db?.close();
    throw error;
  }
}

/** Row checksums, invariants and the journal, stopping at the first kind of problem. */
function checkContent(
  db: SqliteDatabase,
  journal: WorkItemJournal,
  standing: OpenStanding,
): Examination {
  const rows = standing === 'current' ? checkRowChecksums(db) : { problems: [], rows: 0 };
  if (rows.problems.length > 0) return failed(rows.problems, standing);
  const invariants = checkInvariants(db);
  if (invariants.length > 0) return failed(invariants, standing);
  const agreement = checkJournalAgreement(db, journal);
  if (agreement.problems.length > 0) return failed(agreement.problems, standing, agreement.scan);
  return passed(standing, rows.rows, agreement.scan, null);
}

/**
 * Runs an examination, turning SQLite's verdict that the file is damaged
 * (SQLITE_CORRUPT, SQLITE_NOTADB) into a problem. Other failures (locked,
 * full, I/O, a bug) propagate: they are no reason to distrust the file.
 */
function asDamage(standing: OpenStanding, examine: () => Examination): Examination {
  try {
    return examine();
  } catch (error) {
    if (!isDamage(error)) throw error;
    return failed([problem('database.unreadable', error.message)], standing);
  }
}

const DAMAGE_RESULT_CODES: ReadonlySet<number> = new Set([11, 26]); // SQLITE_CORRUPT, SQLITE_NOTADB

function isDamage(error: unknown): error is SqliteError {
  return error instanceof SqliteError && DAMAGE_RESULT_CODES.has(error.primaryResultCode);
}

function failed(
  problems: readonly StoreProblem[],
  standing: OpenStanding,
  scan: JournalScan | null = null,
): Examination {
  return { problems, standing, rowsChecked: 0, scan, db: null };
}

function passed(
  standing: OpenStanding,
  rowsChecked: number,
  scan: JournalScan | null,
  db: SqliteDatabase | null,
): Examination {
  return { problems: [], standing, rowsChecked, scan, db };
}
