import type { Db as IDatabase } from 'pg-boss';

/**
 * The server's database, PostgreSQL or embedded PGlite behind one interface,
 * so the API, the workers and the tests run one code path on either.
 *
 * Terminology:
 * - `SqlClient`: anything that runs a parameterised statement.
 * - `Database`: the connection (a pool on PostgreSQL, the single instance on
 *   PGlite); its `query` runs outside any transaction.
 * - `Transaction`: a client inside BEGIN … COMMIT. `Database.transaction(fn)`
 *   commits when `fn` resolves and rolls back when it throws.
 */
export interface SqlClient {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface Transaction extends SqlClient {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** This transaction as pg-boss's database, so a job is enqueued inside it. */
  readonly jobs: IDatabase;
}

export type DatabaseKind = 'postgres' | 'pglite';

/**
 * How busy the connections are at this instant, read without a query (load
 * shedding reads it on every request).
 */
export interface DatabaseStats {
  /** Connections this process may open: the pool's size, 1 on PGlite. */
  readonly connectionsMax: number;
  /** Connections running a statement or a transaction now. */
  readonly connectionsBusy: number;
  /**
   * Queries and transactions waiting for a connection (PostgreSQL: the pool's
   * queue; PGlite: behind the one running, since it serialises everything).
   */
  readonly waiting: number;
}

export interface Database extends SqlClient {
  readonly kind: DatabaseKind;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  stats(): DatabaseStats;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
