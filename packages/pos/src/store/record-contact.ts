import { DEVICE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { resealRow } from './reseal-row.ts';

/**
 * The server answered a heartbeat: the device is in touch. Unlike a push of
 * work items this changes no work, so it is not counted as a journaled
 * commit (an idle device would otherwise rewrite its journal every
 * heartbeat); losing it to a crash only makes `lastSyncAt` look older.
 */
export function recordContact(db: SqliteDatabase, answeredAt: number): void {
  db.run('UPDATE device_state SET last_sync_at = ?, last_sync_error = NULL WHERE id = 1', [
    answeredAt,
  ]);
  resealRow(db, DEVICE_STATE, [1]);
}
