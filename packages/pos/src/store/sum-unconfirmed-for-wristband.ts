import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * What this POS has sold to one wristband that the server has not confirmed
 * yet: the amounts of its queued orders.
 */
export function sumUnconfirmedForWristband(db: SqliteDatabase, uid: string): number {
  const row = db.get<{ cents: number }>(
    `SELECT coalesce(sum(total_cents), 0) AS cents FROM orders
      WHERE wristband_uid = ? AND sync_state = 'queued'`,
    [uid],
  );
  return row?.cents ?? 0;
}
