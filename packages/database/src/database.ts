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
    statement: string | PreparedStatement,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

/**
 * A statement the database parses and plans once per connection, then runs
 * again by name with new parameters: for the few statements every push runs,
 * where parsing and planning a large statement each time cost a tenth of the
 * push on PGlite. Its text is fixed; values go in parameters. Made once, at
 * module level, with `preparedStatement`.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const preparedTexts = new Map<string, string>();

/**
 * A prepared statement named `name`. A name stands for one text only: a
 * connection that prepared it would otherwise run the old text under it.
 */
export function preparedStatement(name: string, text: string): PreparedStatement {
  const known = preparedTexts.get(name);
  if (known !== undefined && known !== text) {
    throw new Error(`Invariant violated: prepared statement ${name} has two texts`);
  }
  preparedTexts.set(name, text);
  return { name, text };
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface Transaction extends SqlClient {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
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
