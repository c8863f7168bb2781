import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createSeededRandom } from '@tabline/domain';
import { encodeRecord, migrateDatabase } from '@tabline/pos';
import type { SqliteDatabase } from '@tabline/pos';
import { openNodeJournalFile, openNodePosEngine, openNodeSqliteDatabase } from '@tabline/pos/node';
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
  /**
   * The same, each commit followed by a durable append of the work item to a
   * journal file written as the engine writes its own (`openNodeJournalFile`):
   * the engine's durability, and the baseline of the headline ratio.
   */
  readonly rawJournal: CommitFigures;
  /** The same, the append the simple way: a file that grows, fsynced after each write. */
  readonly rawAppend: CommitFigures;
}

/** How a raw baseline makes each order durable a second time, after its commit. */
type RawJournal = 'none' | 'engine-file' | 'append-fsync';

/**
 * Orders placed between two turns of the raw baselines. The four take turns
 * so that each sees the same disk and the same neighbours on a shared
 * machine: run one after the other, a noisy minute falls on one side only.
 */
const TURN_ORDERS = 100;

/** The tables one order inserts rows into, in the order the engine writes them (then `countCommit`). */
const ORDER_TABLES = ['orders', 'order_items', 'outbox'] as const;

/**
 * `placeOrder()` as staff wait for it (price from the local catalog, check,
 * one durable SQLite transaction, and whatever else the engine does before it
 * returns: its journal), offline, so no network is involved; against the
 * physical limit: the same rows the engine wrote (and its one-row count of
 * transactions), inserted with raw prepared statements in one transaction
 * per order on a database with the engine's schema and pragmas (WAL,
 * synchronous=FULL); then, for the engine's durability, the very line the
 * engine journaled, appended durably to a file written as the engine writes
 * its journal (the headline's baseline). Beside them: no journal at all, and
 * the journal appended the simple way (a growing file, fsync), which shows
 * what writing into room made ahead saves.
 */
export async function measurePosCommit(workDir: string, orders: number): Promise<CommitComparison> {
  // New files for every call: each round starts from empty stores.
  const dir = await mkdtemp(join(workDir, 'commit-'));
  const file = join(dir, 'commit-engine.db');
  const engine = openNodePosEngine(file, { transport: catalogOnlyTransport(benchCatalog()) });
  const source = openNodeSqliteDatabase(file);
  const raw = openRawTarget(join(dir, 'commit-raw.db'), 'none');
  const rawJournal = openRawTarget(join(dir, 'commit-raw-journal.db'), 'engine-file');
  const rawAppend = openRawTarget(join(dir, 'commit-raw-append.db'), 'append-fsync');
  try {
    const pulled = await engine.pull();
    if (pulled.error) throw new Error(`bench pull failed: ${pulled.error.message}`);
    const bands = Array.from({ length: 50 }, (_, i) => `BENCH${String(i).padStart(4, '0')}`);
    const random = createSeededRandom(1);
    const latencies = {
      engine: [] as number[],
      raw: [] as number[],
      rawJournal: [] as number[],
      rawAppend: [] as number[],
    };
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
      latencies.rawAppend.push(...rawAppend.insert(rows));
    }
    return {
      engine: summarize(latencies.engine),
      raw: summarize(latencies.raw),
      rawJournal: summarize(latencies.rawJournal),
      rawAppend: summarize(latencies.rawAppend),
    };
  } finally {
    rawAppend.close();
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

function openRawTarget(file: string, journal: RawJournal) {
  const target = openNodeSqliteDatabase(file);
  migrateDatabase(target);
  const append = openJournalAppend(`${file}.journal`, journal);
  return {
    /** Inserts each order's rows in a durable transaction of its own; returns the latencies. */
    insert(orders: readonly OrderRows[]): number[] {
      return orders.map((order) => {
        const record = journalLine(order);
        const t0 = performance.now();
        target.exec('BEGIN IMMEDIATE');
        for (const { table, rows } of order) for (const row of rows) insertRow(target, table, row);
        countCommit(target, order);
        target.exec('COMMIT');
        append?.write(record);
        return performance.now() - t0;
      });
    },
    close() {
      append?.close();
      target.close();
    },
  };
}

function openJournalAppend(path: string, journal: RawJournal) {
  switch (journal) {
    case 'none':
      return null;
    case 'engine-file': {
      const file = openNodeJournalFile(path);
      return { write: (bytes: Uint8Array) => file.append(bytes, true), close: () => file.close() };
    }
    case 'append-fsync': {
      const fd = openSync(path, 'a');
      return {
        write(bytes: Uint8Array) {
          writeSync(fd, bytes);
          fsyncSync(fd);
        },
        close: () => closeSync(fd),
      };
    }
  }
}

/**
 * The engine's journal record for the order, made before the clock starts:
 * the same fields and payload, its commit count stood in for by the seq (a
 * number of the same size).
 */
function journalLine(order: OrderRows): Uint8Array {
  const outbox = order[2]!.rows[0]!;
  return encodeRecord({
    type: 'queued',
    seq: outbox['seq'] as number,
    idempotencyKey: outbox['idempotency_key'] as string,
    kind: 'order.place',
    orderId: outbox['order_id'] as string,
    amountCents: outbox['amount_cents'] as number,
    createdAt: outbox['created_at'] as number,
    commitSeq: outbox['seq'] as number,
    payload: outbox['payload'] as string,
  });
}

/**
 * The one row the engine updates with each order: `store_state`, its count
 * of transactions, the last seq handed out and the row's checksum (here the
 * outbox row's, a number of the same size).
 */
function countCommit(db: SqliteDatabase, order: OrderRows) {
  const outbox = order[2]!.rows[0]!;
  db.run(
    'UPDATE store_state SET commit_seq = commit_seq + 1, last_seq = ?, row_checksum = ? WHERE id = 1',
    [outbox['seq'] as number, outbox['row_checksum'] as number],
  );
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
