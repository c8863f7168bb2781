import { SCAN_BATCH_ROWS } from './scan-table.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** An outbox row as the journal cross-check compares it. */
export interface OutboxRow {
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly orderId: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly payload: string;
}

const SELECT_ROWS = `SELECT seq, idempotency_key AS idempotencyKey, kind, order_id AS orderId,
                            amount_cents AS amountCents, created_at AS createdAt, payload
                       FROM outbox`;

/**
 * Finds outbox rows by seq for the journal cross-check. The journal holds
 * its queued records in seq order, so the rows are read in batches, in the
 * same order, and looked up as in a merge join: one query per batch rather
 * than one per record. A seq asked out of order gets a query of its own.
 */
export function createOutboxCursor(db: SqliteDatabase) {
  let batch: OutboxRow[] = [];
  let index = 0;
  let lastAsked = 0;
  let complete = false; // the batch holds every row from its first to the end of the outbox
  const load = (fromSeq: number) => {
    batch = db.all<OutboxRow>(`${SELECT_ROWS} WHERE seq >= ? ORDER BY seq LIMIT ?`, [
      fromSeq,
      SCAN_BATCH_ROWS,
    ]);
    index = 0;
    complete = batch.length < SCAN_BATCH_ROWS;
  };
  return (seq: number): OutboxRow | undefined => {
    if (seq <= lastAsked) return db.get<OutboxRow>(`${SELECT_ROWS} WHERE seq = ?`, [seq]);
    lastAsked = seq;
    while (index < batch.length && batch[index]!.seq < seq) index++;
    if (index === batch.length && !complete) load(seq);
    const row = batch[index];
    return row?.seq === seq ? row : undefined;
  };
}
