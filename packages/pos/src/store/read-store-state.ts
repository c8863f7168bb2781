import type { SqliteDatabase } from '../sqlite-database.ts';

/** The single `store_state` row: what the checks compare the file with. */
export interface StoreState {
  readonly schemaVersion: number;
  readonly schemaChecksum: number;
  /** Write transactions of the engine so far. */
  readonly commitSeq: number;
  /** The highest work item seq ever handed out. */
  readonly lastSeq: number;
  readonly sealed: boolean;
}

/** The store state, or undefined when the row is missing (a damaged or pre-2 file). */
export function readStoreState(db: SqliteDatabase): StoreState | undefined {
  const row = db.get<Omit<StoreState, 'sealed'> & { sealed: number }>(
    `SELECT schema_version AS schemaVersion, schema_checksum AS schemaChecksum,
            commit_seq AS commitSeq, last_seq AS lastSeq, sealed
       FROM store_state WHERE id = 1`,
  );
  return row === undefined ? undefined : { ...row, sealed: row.sealed === 1 };
}
