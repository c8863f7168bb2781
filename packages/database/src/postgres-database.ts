import pg from 'pg';
import type { Database, PreparedStatement, QueryResult, Transaction } from './database.ts';
import { parseInt8 } from './parse-int8.ts';

export interface PostgresDatabaseOptions {
  /** Largest number of connections this process opens. */
  poolMax?: number;
  /** Longest a statement may run before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
  /** How long to wait for a free connection before failing. */
  connectionTimeoutMs?: number;
  applicationName?: string;
  /** Called with errors of idle connections (a restart, a reset). */
  onIdleError?: (error: Error) => void;
}

export function resolvePostgresDatabaseOptions(options: PostgresDatabaseOptions) {
  return {
    poolMax: options.poolMax ?? 10,
    statementTimeoutMs: options.statementTimeoutMs ?? 15_000,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 5_000,
    applicationName: options.applicationName ?? 'tabline',
    onIdleError: options.onIdleError ?? (() => {}),
  };
}

const INT8_OID = 20;

/** node-postgres's own parsers, but bigint becomes an exact number (see parseInt8). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

/** Opens a pool on a PostgreSQL server. */
export function openPostgresDatabase(
  connectionString: string,
  options: PostgresDatabaseOptions = {},
): Database {
  const resolved = resolvePostgresDatabaseOptions(options);
  const pool = new pg.Pool({
    connectionString,
    max: resolved.poolMax,
    connectionTimeoutMillis: resolved.connectionTimeoutMs,
    statement_timeout: resolved.statementTimeoutMs,
    application_name: resolved.applicationName,
    types,
  });
  // An idle connection that dies (server restart, network reset) emits here;
  // unhandled, it would crash the process.
  pool.on('error', resolved.onIdleError);

  return {
    kind: 'postgres',
    query: (text, params) => runQuery(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: (fn) => runTransaction(pool, fn),
    stats: () => ({
      connectionsMax: resolved.poolMax,
      connectionsBusy: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: () => pool.end(),
  };
}

async function runQuery<Row extends object>(
  client: pg.Pool | pg.PoolClient,
  statement: string | PreparedStatement,
  params?: readonly unknown[],
): Promise<QueryResult<Row>> {
  const values = (params ?? []) as unknown[];
  // node-postgres prepares a named statement on each connection the first
  // time that connection runs it.
  const result = await client.query<Row>(
    typeof statement === 'string'
      ? { text: statement, values }
      : { name: statement.name, text: statement.text, values },
  );
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

async function runTransaction<T>(pool: pg.Pool, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors of idle connections only. A connection lost
  // while checked out (the network, a terminated backend) emits 'error' too,
  // and unheard that would crash the process; the statement running, or the
  // next one, fails by itself. Keep the error, to throw the connection away.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const value = await fn(toTransaction(client));
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // The connection is unusable (reset mid-transaction): throw it away
      // rather than return it to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

function toTransaction(client: pg.PoolClient): Transaction {
  return {
    query: (statement, params) => runQuery(client, statement, params),
    exec: async (script) => {
      await client.query(script);
    },
  };
}
