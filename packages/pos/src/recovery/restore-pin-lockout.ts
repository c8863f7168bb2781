import { PIN_ATTEMPTS_BEFORE_LOCKOUT } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { PIN_LOCKOUT, STORE_STATE } from '../integrity/sealed-tables.ts';
import { NO_PIN_LOCKOUT } from '../pin-lockout/pin-lockout.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from '../store/insert-sealed-row.ts';
import { pinLockoutRow } from '../store/pin-lockout-row.ts';
import type { SalvageTally } from './salvage-rows.ts';
import { newSalvageTally, salvageRows, tryRead } from './salvage-rows.ts';

/**
 * What a rebuild did with the PIN attempt lockout: `kept` the damaged
 * file's intact row; found `none` in it (no wrong PIN since the last right
 * one, or a file from before release 6); or, unable to trust what it read,
 * `assumed` the count at its threshold at least.
 */
export type RestoredPinLockout = 'kept' | 'none' | 'assumed';

/**
 * Carries the lockout over to the rebuilt store, so damage to the file (or
 * its loss) does not hand out a fresh set of PIN tries. When the count
 * cannot be read, or may be older than the last wrong PIN (the file lost
 * transactions the journal saw: a deleted or cut -wal), the rebuilt store
 * counts at least PIN_ATTEMPTS_BEFORE_LOCKOUT wrong PINs, so the next wrong
 * one locks: resetting the count would reward the damage, locking at once
 * would stop a manager who never typed a wrong PIN. `tally` is the
 * salvage's, and counts this table's rows too.
 */
export function restorePinLockout(
  target: SqliteDatabase,
  damaged: SqliteDatabase | null,
  tally: SalvageTally,
  journalCommitSeq: number,
): RestoredPinLockout {
  const found = damaged === null || tally.unreadable ? undefined : readLockoutRow(damaged, tally);
  const current =
    damaged !== null && found !== undefined && !lostCommits(damaged, journalCommitSeq);
  if (current && found === null) return 'none';
  if (current && found) {
    insertSealedRow(target, PIN_LOCKOUT, found);
    return 'kept';
  }
  const base = found ?? pinLockoutRow(NO_PIN_LOCKOUT);
  const wrongPins = Math.max(Number(base['wrong_pins_in_row']), PIN_ATTEMPTS_BEFORE_LOCKOUT);
  insertSealedRow(target, PIN_LOCKOUT, { ...base, wrong_pins_in_row: wrongPins });
  return 'assumed';
}

/**
 * The damaged file's lockout row if intact, null if it verifiably has none,
 * undefined if that cannot be told (a read failed, or the row is damaged).
 */
function readLockoutRow(damaged: SqliteDatabase, tally: SalvageTally): Row | null | undefined {
  const { unverified, readErrors } = tally;
  const table = tryRead(tally, () =>
    damaged.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [
      PIN_LOCKOUT.name,
    ]),
  );
  if (table === null) return undefined;
  if (table === undefined) return null;
  // One row at most; a damaged b-tree may show it twice, and the first one read stands.
  const [row] = salvageRows(damaged, PIN_LOCKOUT, tally);
  if (row !== undefined) return row;
  return tally.unverified === unverified && tally.readErrors === readErrors ? null : undefined;
}

/** Whether the journal saw transactions the damaged file does not show (or it cannot say). */
function lostCommits(damaged: SqliteDatabase, journalCommitSeq: number): boolean {
  const [state] = salvageRows(damaged, STORE_STATE, newSalvageTally());
  return state === undefined || Number(state['commit_seq']) < journalCommitSeq;
}
