import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createSeededRandom } from '@tabline/domain';
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

export interface CommitComparison {
  /** `placeOrder()` as staff wait for it. */
  readonly engine: CommitFigures;
  /** The same rows with raw prepared statements, one durable transaction each. */
  readonly raw: CommitFigures;
  /** The same, each commit followed by an fsync'd journal append: the engine's durability. */
  readonly rawJournal: CommitFigures;
}

/**
 * Orders placed between two turns of the raw baselines. The three take turns
 * so that each sees the same disk and the same neighbours on a shared
 * machine: run one after the other, a noisy minute falls on one side only.
 */
const TURN_ORDERS = 100;

/** The tables one order writes, in the order the engine writes them. */
const ORDER_TABLES = ['orders', 'order_items', 'outbox'] as const;

/**
 * `placeOrder()` as staff wait for it (price from the local catalog, check,
 * one durable SQLite transaction, and whatever else the engine does before it
 * returns: its journal), offline, so no network is involved; against the
 * physical limit: the same rows the engine wrote, inserted with raw prepared
 * statements in one transaction per order on a database with the engine's
 * schema and pragmas (WAL, synchronous=FULL), with and without an fsync'd
 * append of the work item to a file after each commit, as a journal costs.
 */
export async function measurePosCommit(workDir: string, orders: number): Promise<CommitComparison> {
  const file = join(workDir, 'commit-engine.db');
  const engine = openNodePosEngine(file, { transport: catalogOnlyTransport(benchCatalog()) });
  const source = openNodeSqliteDatabase(file);
  const raw = openRawTarget(join(workDir, 'commit-raw.db'), false);
  const rawJournal = openRawTarget(join(workDir, 'commit-raw-journal.db'), true);
  try {
    const pulled = await engine.pull();
    if (pulled.error) throw new Error(`bench pull failed: ${pulled.error.message}`);
    const bands = Array.from({ length: 50 }, (_, i) => `BENCH${String(i).padStart(4, '0')}`);
    const random = createSeededRandom(1);
    const latencies = { engine: [] as number[], raw: [] as number[], rawJournal: [] as number[] };
    let replayed = 0;
    for (let placed = 0; placed < orders; placed += TURN_ORDERS) {
      const turn = Math.min(TURN_ORDERS, orders - placed);
      latencies.engine.push(...placeBenchOrders(engine, turn, bands, random));
      const orderIds = source.all<{ id: string }>(
        'select id from orders order by placed_at, id limit -1 offset ?',
        [replayed],
      );
      replayed += orderIds.length;
      const rows = orderIds.map(({ id }) => rowsOfOrder(source, id));
      latencies.raw.push(...raw.insert(rows));
      latencies.rawJournal.push(...rawJournal.insert(rows));
    }
    return {
      engine: summarize(latencies.engine),
      raw: summarize(latencies.raw),
      rawJournal: summarize(latencies.rawJournal),
    };
  } finally {
    rawJournal.close();
    raw.close();
    source.close();
    engine.close();
  }
}

type OrderRows = { table: string; rows: Record<string, unknown>[] }[];

function rowsOfOrder(source: SqliteDatabase, orderId: string): OrderRows {
  return ORDER_TABLES.map((table) => {
    const column = table === 'orders' ? 'id' : 'order_id';
    const rows = source.all<Record<string, unknown>>(`select * from ${table} where ${column} = ?`, [
      orderId,
    ]);
    return { table, rows };
  });
}

function openRawTarget(file: string, journal: boolean) {
  const target = openNodeSqliteDatabase(file);
  migrateDatabase(target);
  const journalFd = journal ? openSync(`${file}.journal`, 'a') : null;
  return {
    /** Inserts each order's rows in a durable transaction of its own; returns the latencies. */
    insert(orders: readonly OrderRows[]): number[] {
      return orders.map((order) => {
        const payload = order[2]!.rows.map((row) => String(row['payload'])).join('');
        const t0 = performance.now();
        target.exec('BEGIN IMMEDIATE');
        for (const { table, rows } of order) for (const row of rows) insertRow(target, table, row);
        target.exec('COMMIT');
        if (journalFd !== null) {
          writeSync(journalFd, payload + '\n');
          fsyncSync(journalFd);
        }
        return performance.now() - t0;
      });
    },
    close() {
      if (journalFd !== null) closeSync(journalFd);
      target.close();
    },
  };
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
