import { MIGRATIONS } from '../migrations/migrations.ts';
import { readSchemaVersion } from '../migrations/migrate-database.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';
import type { StoreState } from '../store/read-store-state.ts';
import { readStoreState } from '../store/read-store-state.ts';
import { rowChecksum } from './row-checksum.ts';
import { schemaChecksum } from './schema-checksum.ts';
import { STORE_STATE } from './sealed-tables.ts';

/** The version of the migration that added the store state and the checksums. */
export const FIRST_SEALED_SCHEMA_VERSION = 2;

/**
 * Where a database file stands, read before anything is written to it:
 * - `new`: empty, to be migrated and sealed;
 * - `older`: from an earlier release, to be migrated (and sealed);
 * - `unsealed`: migrated, but its rows not sealed yet (a migration asked for
 *   it, and a crash came before the sealing that follows);
 * - `current`: sealed by this schema version: every check applies;
 * - `newer`: from a later release, which this engine refuses to touch;
 * - `damaged`: the version number, the schema or the store state row is not
 *   what the engine sealed.
 */
export type SchemaStanding =
  | { readonly kind: 'new' | 'older' | 'unsealed' | 'current'; readonly version: number }
  | { readonly kind: 'newer'; readonly version: number }
  | { readonly kind: 'damaged'; readonly detail: string };

export function classifySchema(db: SqliteDatabase): SchemaStanding {
  const version = readSchemaVersion(db);
  const tables = db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`);
  if (!tables.some((table) => table.name === 'store_state')) {
    if (version === 0 && tables.length === 0) return { kind: 'new', version };
    if (version > 0 && version < FIRST_SEALED_SCHEMA_VERSION) return { kind: 'older', version };
    return damaged(`schema version ${version} with ${tables.length} tables and no store state`);
  }
  return classifySealed(db, version);
}

function classifySealed(db: SqliteDatabase, version: number): SchemaStanding {
  const state = readVerifiedStoreState(db);
  if (typeof state === 'string') return damaged(state);
  if (!state.sealed) return { kind: 'unsealed', version };
  if (state.schemaVersion !== version) {
    return damaged(`schema version ${version}, sealed as ${state.schemaVersion}`);
  }
  if (schemaChecksum(db) !== state.schemaChecksum) return damaged('the schema is not as sealed');
  const latest = MIGRATIONS.length;
  if (version > latest) return { kind: 'newer', version };
  return { kind: version < latest ? 'older' : 'current', version };
}

/** The store state row if its checksum holds; otherwise why not. */
function readVerifiedStoreState(db: SqliteDatabase): StoreState | string {
  const row = readStoreStateRow(db);
  if (typeof row === 'string') return row;
  if (row === undefined) return 'the store state row is missing';
  // A migration that asks for a reseal clears the checksum with the flag, so
  // a damaged flag alone (checksum still there) is not taken for that.
  const unsealed = row['sealed'] === 0 && row['row_checksum'] === null;
  if (!unsealed && row['row_checksum'] !== rowChecksum(STORE_STATE, row)) {
    return 'the store state row is not as written';
  }
  return readStoreState(db)!;
}

/**
 * The raw row. Its table's definition is only checked after (the schema
 * checksum is in this row), so a damaged definition that renamed a column
 * fails here with SQLITE_ERROR: that is damage too, not a bug.
 */
function readStoreStateRow(db: SqliteDatabase): Record<string, number | null> | undefined | string {
  try {
    return db.get<Record<string, number | null>>(
      `SELECT ${STORE_STATE.columns.join(', ')}, row_checksum FROM store_state WHERE id = 1`,
    );
  } catch (error) {
    if (!(error instanceof SqliteError) || error.primaryResultCode !== SQLITE_ERROR) throw error;
    return `the store state cannot be read: ${error.message}`;
  }
}

const SQLITE_ERROR = 1;

function damaged(detail: string): SchemaStanding {
  return { kind: 'damaged', detail };
}
