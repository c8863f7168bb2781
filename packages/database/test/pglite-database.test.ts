import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { pgliteDatabase } from '@tabline/database';

describe('a PGlite database', () => {
  it('makes new WAL files without filling them with zeros first', async () => {
    const pglite = await PGlite.create('memory://');
    const database = await pgliteDatabase(pglite);
    try {
      expect((await database.query('show wal_init_zero')).rows).toEqual([{ wal_init_zero: 'off' }]);
      // A session setting: it holds across transactions, committed or not.
      await expect(database.transaction(() => Promise.reject(new Error('undo')))).rejects.toThrow(
        'undo',
      );
      expect((await database.query('show wal_init_zero')).rows).toEqual([{ wal_init_zero: 'off' }]);
    } finally {
      await database.close();
    }
  });
});
