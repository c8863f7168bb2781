import type { SqliteDatabase } from '../sqlite-database.ts';

/** How many work items wait in the outbox. */
export function countQueued(db: SqliteDatabase): number {
  return db.get<{ count: number }>('SELECT count(*) AS count FROM outbox')?.count ?? 0;
}
