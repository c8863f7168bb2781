import { inTransaction } from '../in-transaction.ts';
import { DEVICE_STATE, OUTBOX } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import type { PushCandidate } from './read-push-candidates.ts';
import { recordCommit } from './record-commit.ts';
import { resealRow } from './reseal-row.ts';
import type { SyncError } from '../sync/sync-report.ts';
import { describeSyncError } from '../sync/sync-report.ts';

/**
 * Notes a push that got no usable answer: the items stay queued, each with
 * one more attempt and the error, and the device remembers why its last
 * sync stopped. The server may have committed the push; the retry, under the
 * same keys, gets the stored answer.
 */
export function recordPushFailure(
  db: SqliteDatabase,
  batch: readonly PushCandidate[],
  error: SyncError,
  attemptedAt: number,
): void {
  inTransaction(db, () => {
    for (const candidate of batch) {
      db.run(
        `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?
          WHERE seq = ?`,
        [attemptedAt, describeSyncError(error), candidate.seq],
      );
      resealRow(db, OUTBOX, [candidate.seq]);
    }
    // Why the last sync stopped, for status(); an answered push clears it.
    db.run('UPDATE device_state SET last_sync_error = ? WHERE id = 1', [JSON.stringify(error)]);
    resealRow(db, DEVICE_STATE, [1]);
    recordCommit(db);
  });
}
