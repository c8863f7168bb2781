/**
 * Rebuilding a store from what survived: a fresh database, migrated and
 * sealed, filled in one transaction with
 * 1. every unacknowledged work item of the journal (staged in a temporary
 *    table, so memory stays flat however long the journal is);
 * 2. what the damaged database still gives with intact checksums: its
 *    synced orders, its queued and rejected work items with their orders,
 *    its withdrawn items, the catalog and the device's identity;
 * 3. the journal's work items the database did not give back, with their
 *    orders rebuilt from their payload;
 * 4. the PIN attempt lockout, kept from the damaged file, or assumed at its
 *    threshold at least when that cannot be read or trusted
 *    (`restore-pin-lockout.ts`).
 * Work items keep their seq and idempotency key, so a resend is recognised
 * by the server; the next seq goes on after the highest seq seen anywhere.
 * An item found in both sources is restored once, from the database (which
 * also knows its attempts); an item whose order the database shows
 * answered is not queued again.
 */
import { inTransaction } from '../in-transaction.ts';
import { sealStore } from '../integrity/seal-store.ts';
import type { WorkItemJournal } from '../journal/work-item-journal.ts';
import { migrateDatabase } from '../migrations/migrate-database.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { Candidates, DatabaseSalvage } from './restore-from-database.ts';
import { restoreFromDatabase } from './restore-from-database.ts';
import { countRows } from './restore-rows.ts';
import type { RestoredPinLockout } from './restore-pin-lockout.ts';
import { restorePinLockout } from './restore-pin-lockout.ts';
import { restoreFromJournal, stageJournal } from './salvage-journal.ts';
import { settleStoreState } from './settle-store-state.ts';

export type { DatabaseSalvage };

/** What the journal gave. */
export interface JournalSalvage {
  readonly records: number;
  readonly unacknowledged: number;
  readonly damagedLines: number;
  readonly tornAppends: number;
}

export interface RestoredWork {
  /** Work items queued in the rebuilt store, with their orders and items. */
  readonly queued: number;
  readonly queuedFromDatabase: number;
  /** Queued items only the journal still had. */
  readonly queuedOnlyFromJournal: number;
  readonly rejected: number;
  readonly syncedOrders: number;
  readonly withdrawn: number;
  readonly catalog: boolean;
  readonly deviceState: boolean;
  readonly pinLockout: RestoredPinLockout;
}

export interface RebuildResult {
  readonly database: DatabaseSalvage;
  readonly journal: JournalSalvage;
  readonly restored: RestoredWork;
  /** The last seq handed out: the next work item gets the one after. */
  readonly lastSeq: number;
}

export function rebuildStore(
  target: SqliteDatabase,
  damaged: SqliteDatabase | null,
  journal: WorkItemJournal,
): RebuildResult {
  migrateDatabase(target);
  sealStore(target);
  return inTransaction(target, () => {
    const scan = stageJournal(target, journal);
    const candidates: Candidates = { seqs: [scan.seqMax], commits: [scan.commitSeqMax] };
    const unacknowledged = countRows(target, 'temp.journal_staged');
    const fromDatabase = restoreFromDatabase(target, damaged, candidates);
    const fromJournal = restoreFromJournal(target);
    const pinLockout = restorePinLockout(
      target,
      damaged,
      fromDatabase.salvage.rows,
      scan.commitSeqMax,
    );
    const lastSeq = settleStoreState(target, candidates);
    return {
      database: fromDatabase.salvage,
      journal: {
        records: scan.records,
        unacknowledged,
        damagedLines: scan.damagedLines,
        tornAppends: scan.tornAppends,
      },
      restored: {
        queued: countRows(target, 'outbox'),
        queuedFromDatabase: fromDatabase.salvage.queued,
        queuedOnlyFromJournal: fromJournal,
        rejected: countRows(target, 'rejected_items'),
        syncedOrders: fromDatabase.salvage.syncedOrders,
        withdrawn: fromDatabase.salvage.withdrawn,
        catalog: fromDatabase.salvage.catalogComplete,
        deviceState: fromDatabase.deviceState,
        pinLockout,
      },
      lastSeq,
    };
  });
}
