import { STORE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { resealRow } from '../store/reseal-row.ts';
import type { Candidates } from './restore-from-database.ts';

/** Sets the last seq and the commit count past everything seen, in store_state and sqlite_sequence. */
export function settleStoreState(target: SqliteDatabase, candidates: Candidates): number {
  const inTables = target.get<{ n: number | null }>(
    `SELECT max(seq) AS n FROM (SELECT seq FROM outbox UNION ALL SELECT seq FROM rejected_items
                               UNION ALL SELECT seq FROM withdrawn_items)`,
  )?.n;
  const lastSeq = maxSafe([...candidates.seqs, inTables ?? 0]);
  const commitSeq = maxSafe(candidates.commits) + 1;
  target.run('UPDATE store_state SET last_seq = ?, commit_seq = ? WHERE id = 1', [
    lastSeq,
    commitSeq,
  ]);
  resealRow(target, STORE_STATE, [1]);
  target.run(`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
  if (lastSeq > 0) {
    target.run(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)`, [lastSeq]);
  }
  return lastSeq;
}

function maxSafe(values: readonly number[]): number {
  return values.reduce(
    (max, value) => (Number.isSafeInteger(value) && value > max ? value : max),
    0,
  );
}
