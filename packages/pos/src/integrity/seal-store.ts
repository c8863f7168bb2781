import { assert } from '@tabline/domain';
import { inTransaction } from '../in-transaction.ts';
import { readSchemaVersion } from '../migrations/migrate-database.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { readStoreState } from '../store/read-store-state.ts';
import { resealRow } from '../store/reseal-row.ts';
import { rowChecksum } from './row-checksum.ts';
import { schemaChecksum } from './schema-checksum.ts';
import { SEALED_TABLES, STORE_STATE } from './sealed-tables.ts';
import { readTableBatch } from './scan-table.ts';

/**
 * Brings `store_state` up to date after migrations ran: records the schema
 * version and checksum, and, when a migration asked for it (`sealed = 0`,
 * as the one that added the checksums does), computes every row's checksum.
 * One transaction, so a crash leaves the store either unsealed (sealed again
 * at the next open) or sealed. Returns whether anything changed.
 *
 * Sealing trusts the rows as they are: it runs on a file that just passed
 * `PRAGMA integrity_check`, on the upgrade from a release without checksums.
 */
export function sealStore(db: SqliteDatabase): boolean {
  const state = readStoreState(db);
  assert(state !== undefined, 'migration 2 made the store_state row');
  const version = readSchemaVersion(db);
  if (state.sealed && state.schemaVersion === version) return false;
  inTransaction(db, () => {
    if (!state.sealed) sealEveryRow(db);
    db.run(
      `UPDATE store_state SET schema_version = ?, schema_checksum = ?, sealed = 1,
         last_seq = max(last_seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))
       WHERE id = 1`,
      [version, schemaChecksum(db)],
    );
    resealRow(db, STORE_STATE, [1]);
  });
  return true;
}

function sealEveryRow(db: SqliteDatabase): void {
  for (const table of SEALED_TABLES) {
    if (table === STORE_STATE) continue;
    const where = table.key.map((column) => `${column} = ?`).join(' AND ');
    let batch = readTableBatch(db, table, null);
    while (batch.length > 0) {
      for (const { row } of batch) {
        db.run(`UPDATE ${table.name} SET row_checksum = ? WHERE ${where}`, [
          rowChecksum(table, row),
          ...table.key.map((column) => row[column] ?? null),
        ]);
      }
      batch = readTableBatch(db, table, batch.at(-1)!.position);
    }
  }
}
