import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { migrateDatabase } from '@tabline/pos';
import type { SqliteDatabase } from '@tabline/pos';
import { openNodePosEngine, openNodeSqliteDatabase } from '@tabline/pos/node';
import { placeBenchOrders } from './bench-orders.ts';
import { benchCatalog, catalogOnlyTransport } from './catalog-transport.ts';
import { percentile } from './percentile.ts';

export interface CommitFigures {
  readonly orders: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ordersPerSec: number;
}

/** The tables one order writes, in the order the engine writes them. */
const ORDER_TABLES = ['orders', 'order_items', 'outbox'] as const;

/**
 * `placeOrder()` as staff wait for it: price from the local catalog, check,
 * one durable SQLite transaction, and whatever else the engine does before it
 * returns (its journal, if it keeps one). Offline, so no network is involved.
 */
export async function measurePosCommit(
  workDir: string,
  orders: number,
): Promise<CommitFigures & { file: string }> {
  const file = join(workDir, 'commit-engine.db');
  const engine = openNodePosEngine(file, { transport: catalogOnlyTransport(benchCatalog()) });
  try {
    const pulled = await engine.pull();
    if (pulled.error) throw new Error(`bench pull failed: ${pulled.error.message}`);
    const bands = Array.from({ length: 50 }, (_, i) => `BENCH${String(i).padStart(4, '0')}`);
    return { ...summarize(placeBenchOrders(engine, orders, bands)), file };
  } finally {
    engine.close();
  }
}

/**
 * The physical limit: the same rows the engine wrote, inserted with raw
 * prepared statements in one transaction per order, on a database with the
 * engine's schema and the same pragmas (WAL, synchronous=FULL). With
 * `journal`, each commit is followed by an append and fsync of the order's
 * work item to a file, as a journal would cost.
 */
export function measureRawSqlite(
  workDir: string,
  engineFile: string,
  journal: boolean,
): CommitFigures {
  const source = openNodeSqliteDatabase(engineFile);
  const file = join(workDir, `commit-raw${journal ? '-journal' : ''}.db`);
  const target = openNodeSqliteDatabase(file);
  const journalFd = journal ? openSync(`${file}.journal`, 'a') : null;
  try {
    migrateDatabase(target);
    const latencies: number[] = [];
    const orderIds = source.all<{ id: string }>('select id from orders order by placed_at, id');
    for (const { id } of orderIds) {
      const rows = ORDER_TABLES.map((table) => ({ table, rows: rowsOf(source, table, id) }));
      const payload = rows[2]!.rows.map((row) => String(row['payload'])).join('');
      const t0 = performance.now();
      target.exec('BEGIN IMMEDIATE');
      for (const { table, rows: tableRows } of rows)
        for (const row of tableRows) insertRow(target, table, row);
      target.exec('COMMIT');
      if (journalFd !== null) {
        writeSync(journalFd, payload + '\n');
        fsyncSync(journalFd);
      }
      latencies.push(performance.now() - t0);
    }
    return summarize(latencies);
  } finally {
    if (journalFd !== null) closeSync(journalFd);
    source.close();
    target.close();
  }
}

function rowsOf(db: SqliteDatabase, table: string, orderId: string): Record<string, unknown>[] {
  const column = table === 'orders' ? 'id' : 'order_id';
  return db.all<Record<string, unknown>>(`select * from ${table} where ${column} = ?`, [orderId]);
}

function insertRow(db: SqliteDatabase, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  db.run(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    columns.map((column) => row[column] as string | number | null),
  );
}

/** Throughput counts only the time spent committing, on both sides. */
function summarize(latenciesMs: readonly number[]): CommitFigures {
  const totalMs = latenciesMs.reduce((sum, ms) => sum + ms, 0);
  return {
    orders: latenciesMs.length,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    ordersPerSec: latenciesMs.length / (totalMs / 1000),
  };
}
