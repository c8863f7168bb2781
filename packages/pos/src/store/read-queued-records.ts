import type { WorkItemKind } from '@tabline/protocol';
import type { QueuedRecord } from '../journal/journal-record.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { SCAN_BATCH_ROWS } from '../integrity/scan-table.ts';

interface OutboxRecordRow {
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly kind: WorkItemKind;
  readonly orderId: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly payload: string;
}

const SELECT_RECORD = `SELECT seq, idempotency_key AS idempotencyKey, kind, order_id AS orderId,
                              amount_cents AS amountCents, created_at AS createdAt, payload
                         FROM outbox`;

/** The outbox row with this seq as a journal record, or undefined if it left the outbox. */
export function readQueuedRecord(
  db: SqliteDatabase,
  seq: number,
  commitSeq: number,
): QueuedRecord | undefined {
  const row = db.get<OutboxRecordRow>(`${SELECT_RECORD} WHERE seq = ?`, [seq]);
  return row === undefined ? undefined : { type: 'queued', ...row, commitSeq };
}

/** Every outbox row with a seq above `afterSeq`, in seq order, as journal records, batch by batch. */
export function* readQueuedRecords(
  db: SqliteDatabase,
  commitSeq: number,
  afterSeq = 0,
): Generator<QueuedRecord> {
  let after = afterSeq;
  for (;;) {
    const rows = db.all<OutboxRecordRow>(`${SELECT_RECORD} WHERE seq > ? ORDER BY seq LIMIT ?`, [
      after,
      SCAN_BATCH_ROWS,
    ]);
    for (const row of rows) yield { type: 'queued', ...row, commitSeq };
    if (rows.length < SCAN_BATCH_ROWS) return;
    after = rows.at(-1)!.seq;
  }
}
