import { describe, expect, it } from 'vitest';
import { SqliteError, inTransaction, isStorageFailure } from '../src/index.ts';
import type { SqliteDatabase } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath } from './support/test-platform.ts';

/** The contract every SqliteDatabase adapter keeps, so the engine runs on any of them. */
for (const adapter of ADAPTERS) {
  describe(`SqliteDatabase contract on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithTable = (): SqliteDatabase => {
      const db = adapter.open(joinPath(tempDir(), 'contract.db'));
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v ANY) STRICT; CREATE TABLE u (x TEXT)');
      return db;
    };
    const count = (db: SqliteDatabase) => db.get<{ n: number }>('SELECT count(*) AS n FROM t')?.n;

    it('runs statements with positional parameters and reads rows back', () => {
      const db = openWithTable();
      expect(db.run('INSERT INTO t (id, v) VALUES (?, ?), (?, ?)', [1, 'a', 2, 'b'])).toEqual({
        changes: 2,
      });
      expect(db.get('SELECT v FROM t WHERE id = ?', [2])).toEqual({ v: 'b' });
      expect(db.get('SELECT v FROM t WHERE id = ?', [3])).toBeUndefined();
      expect(db.all('SELECT id, v FROM t ORDER BY id')).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ]);
      db.close();
    });

    it('stores every kind of SqlValue and reads integers back as numbers', () => {
      const db = openWithTable();
      const values = [null, 42, 7n, 'text', new Uint8Array([1, 2, 3])];
      values.forEach((value, index) =>
        db.run('INSERT INTO t (id, v) VALUES (?, ?)', [index, value]),
      );
      const rows = db.all<{ v: unknown }>('SELECT v FROM t ORDER BY id');
      expect(rows.map((row) => row.v)).toEqual([null, 42, 7, 'text', new Uint8Array([1, 2, 3])]);
      db.close();
    });

    it('keeps working with more distinct statements than the statement cache holds', () => {
      const db = openWithTable();
      for (let i = 0; i <= adapter.statementCacheSizeMax + 10; i++) {
        db.run(`INSERT INTO t (id, v) VALUES (?, ${i})`, [i]);
      }
      db.run('INSERT INTO t (id, v) VALUES (?, 0)', [1000]);
      expect(count(db)).toBe(adapter.statementCacheSizeMax + 12);
      db.close();
    });

    it('commits everything a transaction wrote', () => {
      const db = openWithTable();
      const result = inTransaction(db, () => {
        db.run('INSERT INTO t (id, v) VALUES (1, 1)');
        db.run('INSERT INTO u (x) VALUES (?)', ['y']);
        return 'done';
      });
      expect(result).toBe('done');
      expect(count(db)).toBe(1);
      expect(db.all('SELECT x FROM u')).toEqual([{ x: 'y' }]);
      db.close();
    });

    it('rolls back everything when the transaction body throws, and rethrows', () => {
      const db = openWithTable();
      const failing = () =>
        inTransaction(db, () => {
          db.run('INSERT INTO t (id, v) VALUES (1, 1)');
          throw new Error('boom in the middle');
        });
      expect(failing).toThrow('boom in the middle');
      expect(count(db)).toBe(0);
      inTransaction(db, () => db.run('INSERT INTO t (id, v) VALUES (2, 2)'));
      expect(count(db)).toBe(1);
      db.close();
    });

    it('refuses nested and asynchronous transaction bodies as bugs', () => {
      const db = openWithTable();
      expect(() => inTransaction(db, () => inTransaction(db, () => 1))).toThrow(/do not nest/);
      expect(() => inTransaction(db, () => Promise.resolve(1))).toThrow(/synchronous/);
      expect(count(db)).toBe(0);
      db.close();
    });

    it('reports a failure of SQLite as a SqliteError with its result code, not a storage failure', () => {
      const db = openWithTable();
      db.run('INSERT INTO t (id, v) VALUES (1, 1)');
      let thrown: unknown;
      try {
        db.run('INSERT INTO t (id, v) VALUES (1, 2)');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SqliteError);
      expect((thrown as SqliteError).primaryResultCode).toBe(19); // SQLITE_CONSTRAINT
      expect(isStorageFailure(thrown)).toBe(false);
      db.close();
    });

    it('reports a full storage as a storage failure and rolls the transaction back', () => {
      const db = openWithTable();
      const pages = db.get<{ page_count: number }>('PRAGMA page_count')?.page_count;
      db.exec(`PRAGMA max_page_count = ${pages}`);
      let thrown: unknown;
      try {
        inTransaction(db, () => {
          for (let i = 0; i < 10_000; i++) {
            db.run('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x'.repeat(200)]);
          }
        });
      } catch (error) {
        thrown = error;
      }
      expect(isStorageFailure(thrown)).toBe(true);
      expect((thrown as SqliteError).primaryResultCode).toBe(13); // SQLITE_FULL
      expect(count(db)).toBe(0);
      db.close();
    });
  });
}
