/**
 * The export a guarded operation writes first, as JSON lines:
 *
 *     {"type":"tabline.backlog","version":1,"reason":"reset",…counts…}
 *     {"type":"queued","seq":7,…,"workItem":<the outbox payload, byte for byte>}
 *     {"type":"rejected","seq":3,…,"code":"location.unknown",…,"workItem":<…>}
 *
 * The work item is spliced in as the stored text, not parsed and written
 * again, so the export holds exactly what the server would have received
 * under that idempotency key. Rows are read batch by batch: memory stays
 * flat whatever the backlog.
 */
import type { Clock } from '@tabline/domain';
import { SCAN_BATCH_ROWS } from '../integrity/scan-table.ts';
import type { SqlValue, SqliteDatabase } from '../sqlite-database.ts';
import { readDeviceState } from '../store/read-device-state.ts';
import type { BacklogExporter } from './backlog-exporter.ts';

export const BACKLOG_EXPORT_VERSION = 1;

export interface BacklogExport {
  readonly destination: string;
  /** Queued work items exported, and the money they carry. */
  readonly queued: number;
  readonly queuedAmountCents: number;
  readonly rejected: number;
}

export function exportBacklog(
  db: SqliteDatabase,
  exporter: BacklogExporter,
  reason: string,
  clock: Clock,
): BacklogExport {
  const counts = db.get<{ queued: number; queuedAmountCents: number; rejected: number }>(
    `SELECT count(*) AS queued, coalesce(sum(amount_cents), 0) AS queuedAmountCents,
            (SELECT count(*) FROM rejected_items) AS rejected FROM outbox`,
  )!;
  const device = readDeviceState(db);
  const header = {
    type: 'tabline.backlog',
    version: BACKLOG_EXPORT_VERSION,
    reason,
    exportedAt: new Date(clock.now()).toISOString(),
    eventId: device.eventId,
    deviceId: device.deviceId,
    currency: device.currency,
    ...counts,
  };
  exporter.write(lines(db, JSON.stringify(header)));
  return { destination: exporter.destination, ...counts };
}

function* lines(db: SqliteDatabase, header: string): Generator<string> {
  yield header;
  yield* exportRows(
    db,
    `SELECT seq, idempotency_key AS idempotencyKey, order_id AS orderId,
            amount_cents AS amountCents, created_at AS createdAt, attempts,
            last_attempt_at AS lastAttemptAt, last_error AS lastError, payload
       FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
    'queued',
  );
  yield* exportRows(
    db,
    `SELECT seq, idempotency_key AS idempotencyKey, order_id AS orderId,
            amount_cents AS amountCents, created_at AS createdAt, attempts, code, message,
            rejected_at AS rejectedAt, payload
       FROM rejected_items WHERE seq > ? ORDER BY seq LIMIT ?`,
    'rejected',
  );
}

function* exportRows(db: SqliteDatabase, sql: string, type: string): Generator<string> {
  let after = 0;
  for (;;) {
    const rows = db.all<Record<string, SqlValue> & { seq: number; payload: string }>(sql, [
      after,
      SCAN_BATCH_ROWS,
    ]);
    for (const { payload, ...fields } of rows) {
      yield `${JSON.stringify({ type, ...fields }).slice(0, -1)},"workItem":${payload}}`;
    }
    if (rows.length < SCAN_BATCH_ROWS) return;
    after = rows.at(-1)!.seq;
  }
}
