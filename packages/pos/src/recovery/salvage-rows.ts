/**
 * Reading what can still be read from a damaged database. A damaged page
 * makes a query fail part-way (SQLITE_CORRUPT), so reading goes by rowid
 * ranges: a range that fails is read again row by row, and a run of ranges
 * that yield nothing ends the table. Only rows whose checksum holds are
 * kept: a row that is not as written is worse than none, since the journal
 * and the server can give it back.
 */
import { assert } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';
import { rowChecksum } from '../integrity/row-checksum.ts';
import { readTableBatch } from '../integrity/scan-table.ts';
import type { SealedTable } from '../integrity/sealed-tables.ts';
import type { SqlValue, SqliteDatabase } from '../sqlite-database.ts';
import { SqliteError } from '../sqlite-error.ts';

/**
 * Rowids read one by one after a failed batch. Rowids here are dense (1, 2,
 * 3…), so a damaged page hides a few dozen of them; the rest of the window
 * reads fine and the batches resume after it.
 */
export const SALVAGE_PROBE_WINDOW_ROWS = 1_000;

/**
 * Reads of one table SQLite may refuse before the rest of it is taken as
 * lost. Each refusal costs an exception (tens of microseconds), so this
 * bounds the time a badly damaged file can take; the journal and the server
 * give back what it holds.
 */
export const SALVAGE_READ_ERRORS_PER_TABLE_MAX = 500;

const SQLITE_NOTADB = 26;

export interface SalvageTally {
  /** Rows read whose checksum holds. */
  verified: number;
  /** Rows read whose checksum does not hold: left in quarantine. */
  unverified: number;
  /** Reads SQLite refused (damaged pages). */
  readErrors: number;
  /** SQLite cannot read the file's schema (or says it is no database): nothing more is tried. */
  unreadable: boolean;
}

export function newSalvageTally(): SalvageTally {
  return { verified: 0, unverified: 0, readErrors: 0, unreadable: false };
}

/**
 * Every verified row of a rowid table that can be read, in rowid order.
 * Probing stops at the table's highest rowid when SQLite can still read it.
 */
export function* salvageRows(
  db: SqliteDatabase,
  table: SealedTable,
  tally: SalvageTally,
): Generator<Row> {
  assert(table.scanKey.length === 1, `${table.name} is read by rowid`);
  const errorsBefore = tally.readErrors;
  const tooManyErrors = () =>
    tally.unreadable || tally.readErrors - errorsBefore >= SALVAGE_READ_ERRORS_PER_TABLE_MAX;
  const last = tryRead(
    tally,
    () => db.get<{ n: number | null }>(`SELECT max(rowid) AS n FROM ${table.name}`)?.n,
  );
  let after = 0;
  while (!tooManyErrors() && (typeof last !== 'number' || after < last)) {
    const batch = tryRead(tally, () => readTableBatch(db, table, [after]));
    if (batch !== null) {
      yield* keepVerified(table, batch, tally);
      if (batch.length === 0) return;
      after = Number(batch.at(-1)!.position[0]);
      continue;
    }
    const end = after + SALVAGE_PROBE_WINDOW_ROWS;
    yield* probeWindow(
      db,
      table,
      after,
      typeof last === 'number' ? Math.min(end, last) : end,
      tally,
      tooManyErrors,
    );
    after = end;
  }
}

function probeWindow(
  db: SqliteDatabase,
  table: SealedTable,
  after: number,
  end: number,
  tally: SalvageTally,
  tooManyErrors: () => boolean,
): Row[] {
  const rows: Row[] = [];
  for (let rowid = after + 1; rowid <= end && !tooManyErrors(); rowid++) {
    const one = tryRead(tally, () => readTableBatch(db, table, [rowid - 1], 1));
    if (one !== null && one[0]?.position[0] === rowid)
      rows.push(...keepVerified(table, one, tally));
  }
  return rows;
}

function keepVerified(
  table: SealedTable,
  batch: readonly { row: Row; storedChecksum: number | null }[],
  tally: SalvageTally,
): Row[] {
  const kept: Row[] = [];
  for (const { row, storedChecksum } of batch) {
    if (storedChecksum === rowChecksum(table, row)) {
      tally.verified++;
      kept.push(row);
    } else {
      tally.unverified++;
    }
  }
  return kept;
}

/**
 * Whether SQLite can read the file's schema at all; when it cannot, every
 * query would fail, and salvage gives up at once instead of probing.
 */
export function checkReadable(db: SqliteDatabase, tally: SalvageTally): boolean {
  const schema = tryRead(tally, () => db.all('SELECT name FROM sqlite_master'));
  tally.unreadable ||= schema === null;
  return !tally.unreadable;
}

/** Runs a read of the damaged file; a refusal of SQLite is counted, not thrown. */
export function tryRead<T>(tally: SalvageTally, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SqliteError)) throw error;
    tally.readErrors++;
    tally.unreadable ||= error.primaryResultCode === SQLITE_NOTADB;
    return null;
  }
}

/** The verified rows of `table` whose `column` equals `value`, or null if any is unreadable or unverified. */
export function salvageRowsWhere(
  db: SqliteDatabase,
  table: SealedTable,
  column: string,
  value: SqlValue,
  tally: SalvageTally,
): Row[] | null {
  const rows = tryRead(tally, () =>
    db.all<Record<string, SqlValue>>(
      `SELECT ${table.columns.join(', ')}, row_checksum FROM ${table.name}
        WHERE ${column} = ? ORDER BY ${table.key.join(', ')}`,
      [value],
    ),
  );
  if (rows === null) return null;
  const verified = rows.filter((row) => row['row_checksum'] === rowChecksum(table, row));
  tally.verified += verified.length;
  tally.unverified += rows.length - verified.length;
  return verified.length === rows.length ? verified : null;
}
