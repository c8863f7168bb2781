import { PGlite, types } from '@electric-sql/pglite';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { fromPglite } from 'pg-boss';
import type { Database, QueryResult, Transaction } from './database.ts';
import { parseInt8 } from './parse-int8.ts';

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, in one process,
 * storing its files in `dataDir` (or in memory for `memory://`). PGlite has a
 * single connection and serialises every query; its fsync is off, so it is a
 * convenience for demos and development, not the durable production store.
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  const pglite = await PGlite.create(dataDir, { parsers: { [types.INT8]: parseInt8 } });
  return pgliteDatabase(pglite);
}

/** Wraps an open PGlite instance (tests clone one from a prepared image). */
export function pgliteDatabase(pglite: PGlite): Database {
  // PGlite runs one query or transaction at a time and queues the rest; this
  // counts what was handed to it and has not finished, for `stats()`.
  let inFlight = 0;
  const counted = async <T>(run: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await run();
    } finally {
      inFlight -= 1;
    }
  };
  const database: Database = {
    kind: 'pglite',
    query: (text, params) => counted(() => runQuery(pglite, text, params)),
    exec: (script) =>
      counted(async () => {
        await pglite.exec(script);
      }),
    transaction: (fn) => counted(() => pglite.transaction((tx) => fn(toTransaction(tx)))),
    stats: () => ({
      connectionsMax: 1,
      connectionsBusy: Math.min(inFlight, 1),
      waiting: Math.max(inFlight - 1, 0),
    }),
    close: () => pglite.close(),
  };
  instances.set(database, pglite);
  return database;
}

/** The PGlite instance under a Database opened by this module, for pg-boss. */
export function pgliteOf(database: Database): PGlite {
  const pglite = instances.get(database);
  if (!pglite) throw new Error('Invariant violated: not a PGlite database');
  return pglite;
}

const instances = new WeakMap<Database, PGlite>();

async function runQuery<Row extends object>(
  client: PGlite | PgliteTransaction,
  text: string,
  params?: readonly unknown[],
): Promise<QueryResult<Row>> {
  const result = await client.query<Row>(text, params as unknown[] | undefined);
  // Like node-postgres: rows returned for a statement with a result set
  // (SELECT, or RETURNING), rows affected otherwise. PGlite's affectedRows is
  // 0 for a SELECT.
  const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
  return { rows: result.rows, rowCount };
}

function toTransaction(tx: PgliteTransaction): Transaction {
  return {
    query: (text, params) => runQuery(tx, text, params),
    exec: async (script) => {
      await tx.exec(script);
    },
    jobs: fromPglite(tx),
  };
}
