import { inTransaction } from '../in-transaction.ts';
import { PIN_LOCKOUT } from '../integrity/sealed-tables.ts';
import type { PinLockout } from '../pin-lockout/pin-lockout.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { insertSealedRow } from './insert-sealed-row.ts';
import { pinLockoutRow } from './pin-lockout-row.ts';
import { recordCommit } from './record-commit.ts';

/**
 * Stores the PIN attempt lockout in a transaction of its own, committed
 * (and so on disk: `synchronous=FULL`) before the answer it decides is
 * given: a wrong PIN is counted even if the app is killed right after.
 * The transaction is counted (`recordCommit`) like every other, and the PIN
 * gate has the journal note the count, so losing it shows at open.
 */
export function writePinLockout(db: SqliteDatabase, lockout: PinLockout): void {
  inTransaction(db, () => {
    db.run('DELETE FROM pin_lockout WHERE id = 1');
    insertSealedRow(db, PIN_LOCKOUT, pinLockoutRow(lockout));
    recordCommit(db);
  });
}
