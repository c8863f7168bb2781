import type { StoreProblem } from './integrity/store-problem.ts';
import type { RecoveryReport } from './recovery/recover-store.ts';
import type { Quarantine } from './store-files.ts';

/** What opening the store found and did; the engine keeps it (`engine.openReport()`). */
export interface StoreOpenReport {
  /** `recovered` when the checks distrusted the database and the store was rebuilt. */
  readonly outcome: 'opened' | 'recovered';
  readonly location: string;
  /**
   * The database as found: `new` (created now), `older` (from an earlier
   * release, migrated and sealed now), `unsealed` (sealed now), `current`.
   */
  readonly schema: 'new' | 'older' | 'unsealed' | 'current';
  /** When the store was opened, on the engine's clock (RFC 3339). */
  readonly openedAt: string;
  /** Time the checks took (and the recovery, if any), on the engine's clock. */
  readonly checkMs: number;
  /** Rows whose checksum was recomputed. */
  readonly rowsChecked: number;
  readonly journal: JournalOpenReport;
  /** What the checks found: empty unless the store was recovered. */
  readonly problems: readonly StoreProblem[];
  readonly recovery: RecoveryReport | null;
  /** A rebuilt store that a crash left uninstalled was installed first. */
  readonly finishedInterruptedRecovery: boolean;
}

export interface JournalOpenReport {
  readonly location: string;
  /** Intact records read. */
  readonly records: number;
  /** Appends a crash cut short (expected after a crash; nothing confirmed is lost). */
  readonly tornAppends: number;
  /** Damaged lines: the journal itself was damaged, and is repaired from the store. */
  readonly damagedLines: number;
  /** Work items committed but not journaled when the device stopped, journaled now. */
  readonly journaledAtOpen: number;
  /**
   * `created` for a journal that did not exist (a new device, an upgrade),
   * `repaired` for a damaged one (its copy is in `quarantine`).
   */
  readonly rewritten: 'no' | 'created' | 'repaired';
  readonly quarantine: Quarantine | null;
}
