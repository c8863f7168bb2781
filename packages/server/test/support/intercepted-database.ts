import type { Database, Transaction } from '@tabline/database';

/**
 * Hooks into every transaction of a database, to fail or hold it at a chosen
 * point. Transactions and statements are numbered from 1, statements within
 * their transaction (the job queue's included).
 */
export interface TransactionInterceptor {
  /** Before a statement runs: throw to fail it, or return a promise to hold it. */
  beforeStatement?(transaction: number, statement: number): Promise<void> | void;
  /** After the transaction's function returned, before COMMIT is sent. */
  beforeCommit?(transaction: number): Promise<void> | void;
}

export interface InterceptedDatabase extends Database {
  /** Transactions started so far. */
  transactionsStarted(): number;
}

export function interceptTransactions(
  db: Database,
  interceptor: TransactionInterceptor,
): InterceptedDatabase {
  let started = 0;
  return {
    kind: db.kind,
    query: (text, params) => db.query(text, params),
    exec: (script) => db.exec(script),
    stats: () => db.stats(),
    close: () => db.close(),
    transactionsStarted: () => started,
    transaction: (fn) => {
      const number = ++started;
      let statements = 0;
      const before = () => interceptor.beforeStatement?.(number, ++statements);
      return db.transaction(async (tx) => {
        const value = await fn(intercepted(tx, before));
        await interceptor.beforeCommit?.(number);
        return value;
      });
    },
  };
}

function intercepted(tx: Transaction, before: () => Promise<void> | void | undefined): Transaction {
  return {
    query: async (text, params) => {
      await before();
      return tx.query(text, params);
    },
    exec: async (script) => {
      await before();
      return tx.exec(script);
    },
  };
}

/**
 * Resolves once `condition` holds, checking after each turn of the event
 * loop: for states that announce themselves by no event (a pool's queue).
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
