import { Buffer } from 'node:buffer';
import { PGlite, parse, protocol, types } from '@electric-sql/pglite';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Database, PreparedStatement, QueryResult, Transaction } from './database.ts';
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

/**
 * PostgreSQL zero-fills each new 16 MB WAL file, so that a later fsync need
 * not allocate blocks. PGlite never fsyncs, and its in-memory file system
 * copied the file again each time it grew by an eighth: one push in every
 * forty or so took 60 ms instead of 11 (`bench drain`). The setting only
 * changes how a new WAL file is made.
 */
const PGLITE_SESSION_SETTINGS = 'set wal_init_zero = off';

/** Wraps an open PGlite instance (tests clone one from a prepared image). */
export async function pgliteDatabase(pglite: PGlite): Promise<Database> {
  await pglite.exec(PGLITE_SESSION_SETTINGS);
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
  const prepared = new PreparedStatements(pglite);
  const database: Database = {
    kind: 'pglite',
    query: (statement, params) =>
      counted(() =>
        typeof statement === 'string'
          ? runQuery(pglite, statement, params)
          : prepared.runAlone(statement, params),
      ),
    exec: (script) =>
      counted(async () => {
        await pglite.exec(script);
      }),
    transaction: (fn) => counted(() => pglite.transaction((tx) => fn(toTransaction(tx, prepared)))),
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

function toTransaction(tx: PgliteTransaction, prepared: PreparedStatements): Transaction {
  return {
    query: (statement, params) =>
      typeof statement === 'string'
        ? runQuery(tx, statement, params)
        : prepared.runInTransaction(statement, params),
    exec: async (script) => {
      await tx.exec(script);
    },
  };
}

/**
 * Prepared statements on one PGlite instance. PGlite's `query` sends an
 * unnamed statement, parsed and planned each time, so these speak the wire
 * protocol themselves (PGlite's `execProtocol`, its serializer and its result
 * parser): a statement's first run parses it under its name and reads its
 * parameter types, and every run binds, executes and syncs in one message.
 *
 * PGlite's own `query` holds two locks: its transaction lock, which keeps
 * other work out of an open transaction, and its query lock. A statement run
 * alone takes both; one run in a transaction holds the transaction lock
 * already, and takes the query lock.
 */
class PreparedStatements {
  /** The parameter types of each statement this session has prepared, by name. */
  readonly #parameterTypes = new Map<string, readonly number[]>();
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async runAlone<Row extends object>(statement: PreparedStatement, params?: readonly unknown[]) {
    await this.#pglite._checkReady();
    return this.#pglite._runExclusiveTransaction(() =>
      this.#pglite._runExclusiveQuery(() => this.#run<Row>(statement, params, true)),
    );
  }

  runInTransaction<Row extends object>(statement: PreparedStatement, params?: readonly unknown[]) {
    return this.#pglite._runExclusiveQuery(() => this.#run<Row>(statement, params, false));
  }

  async #run<Row extends object>(
    { name, text }: PreparedStatement,
    params: readonly unknown[] = [],
    syncToFs: boolean,
  ): Promise<QueryResult<Row>> {
    const { serialize } = protocol;
    let parameterTypes = this.#parameterTypes.get(name);
    if (parameterTypes === undefined) {
      // Closing first makes this safe to repeat: closing a name that does
      // not exist is no error, and a name left by a run that failed after
      // its Parse would otherwise fail this one.
      const { messages } = await this.#pglite.execProtocol(
        Buffer.concat([
          serialize.close({ type: 'S', name }),
          serialize.parse({ name, text }),
          serialize.describe({ type: 'S', name }),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      parameterTypes = parse.parseDescribeStatementResults(messages);
      this.#parameterTypes.set(name, parameterTypes);
    }
    const types = parameterTypes;
    // As PGlite's `query` serialises parameters: by the type PostgreSQL gave each.
    const values = params.map((param, index) => {
      if (param === null || param === undefined) return null;
      const serializer = this.#pglite.serializers[types[index]!];
      return serializer ? serializer(param) : (param as { toString(): string }).toString();
    });
    const { messages } = await this.#pglite.execProtocol(
      Buffer.concat([
        serialize.bind({ statement: name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs },
    );
    const result = parse.parseResults(messages, this.#pglite.parsers)[0]!;
    const rows = result.rows as Row[];
    // As `runQuery` counts them.
    const rowCount = result.fields.length > 0 ? rows.length : (result.affectedRows ?? 0);
    return { rows, rowCount };
  }
}
