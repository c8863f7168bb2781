/**
 * A least-recently-used cache of prepared statements by SQL text, for the
 * SQLite adapters: a Map keeps insertion order, so a hit is moved to the
 * end and the first key is the one to evict. `release` frees an evicted
 * statement where the platform needs it (WASM memory); `releaseAll` frees
 * the rest before the database closes.
 */
export interface StatementCache<S> {
  (sql: string): S;
  releaseAll(): void;
}

export function createStatementCache<S>(
  prepare: (sql: string) => S,
  sizeMax: number,
  release: (statement: S) => void = () => {},
): StatementCache<S> {
  const cache = new Map<string, S>();
  const lookUp = (sql: string): S => {
    const cached = cache.get(sql);
    if (cached !== undefined) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    cache.set(sql, statement);
    if (cache.size > sizeMax) {
      const [oldest, evicted] = cache.entries().next().value!;
      cache.delete(oldest);
      release(evicted);
    }
    return statement;
  };
  return Object.assign(lookUp, {
    releaseAll() {
      for (const statement of cache.values()) release(statement);
      cache.clear();
    },
  });
}
