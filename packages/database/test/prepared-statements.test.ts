import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedStatement } from '@tabline/database';
import { gate } from '@tabline/testkit/gate';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';

const SHAPES = preparedStatement(
  'test-prepared-shapes',
  `select $1::int8 + 1 as n, $2::uuid[] as ids, $3::jsonb as doc, $4::text as note,
          $5::int4 is null as missing`,
);
const INSERT = preparedStatement(
  'test-prepared-insert',
  'insert into prepared_probe (id, note) select unnest($1::int[]), $2',
);
const COUNT = preparedStatement(
  'test-prepared-count',
  'select count(*)::int8 as n from prepared_probe where id >= $1',
);
const FIRST_IN_ROLLBACK = preparedStatement(
  'test-prepared-first-in-rollback',
  'select $1::text as said',
);

const ids = ['6f1d9a52-2a7c-4f55-9a43-0b7f2f4a1c01', '0c7a8d1e-9b4f-4a3e-8f2d-6e5b4c3a2d10'];
const params = [41, ids, JSON.stringify({ a: [1, 'two'] }), 'naïve ☕', null];

for (const kind of testDatabaseKinds()) {
  describe(`prepared statements on ${kind}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
      await test.database.query('create table prepared_probe (id int primary key, note text)');
    });
    afterAll(() => test?.dispose());

    it('answer as the same text run plainly does, alone and in a transaction, run after run', async () => {
      const db = test.database;
      const plain = await db.query(SHAPES.text, params);
      expect(plain.rows).toEqual([
        { n: 42, ids, doc: { a: [1, 'two'] }, note: 'naïve ☕', missing: true },
      ]);
      for (let run = 0; run < 8; run++) {
        expect(await db.query(SHAPES, params)).toEqual(plain);
        expect(await db.transaction((tx) => tx.query(SHAPES, params))).toEqual(plain);
      }
      const inserted = await db.transaction((tx) => tx.query(INSERT, [[1, 2, 3], 'first']));
      expect(inserted).toEqual({ rows: [], rowCount: 3 });
    });

    it('fail with the database error, roll back their transaction, and run again after', async () => {
      const db = test.database;
      await db.query(INSERT, [[10], 'kept']);
      const failed = db.transaction(async (tx) => {
        await tx.query(INSERT, [[11], 'rolled back']);
        await tx.query(INSERT, [[10], 'a second time']);
      });
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      expect((await db.query(COUNT, [10])).rows).toEqual([{ n: 1 }]);
      await db.transaction((tx) => tx.query(INSERT, [[11], 'now']));
      expect((await db.query(COUNT, [10])).rows).toEqual([{ n: 2 }]);
    });

    it('stay prepared when the transaction that first ran them rolled back', async () => {
      const db = test.database;
      const undone = db.transaction(async (tx) => {
        await tx.query(FIRST_IN_ROLLBACK, ['inside']);
        throw new Error('undo');
      });
      await expect(undone).rejects.toThrow('undo');
      expect((await db.query(FIRST_IN_ROLLBACK, ['after'])).rows).toEqual([{ said: 'after' }]);
    });

    it('run alone outside an open transaction, never inside it', async () => {
      const db = test.database;
      const inserted = gate();
      const release = gate();
      const open = db.transaction(async (tx) => {
        await tx.query(INSERT, [[100], 'uncommitted']);
        inserted.open();
        await release.promise;
        throw new Error('undo');
      });
      await inserted.promise;
      // On PGlite, one session: run inside the open transaction, this count
      // would see its row.
      const counted = db.query(COUNT, [100]);
      release.open();
      await expect(open).rejects.toThrow('undo');
      expect((await counted).rows).toEqual([{ n: 0 }]);
    });
  });
}

describe('preparedStatement', () => {
  it('refuses a second text under a name', () => {
    expect(preparedStatement('test-prepared-shapes', SHAPES.text)).toEqual(SHAPES);
    expect(() => preparedStatement('test-prepared-shapes', 'select 1')).toThrow(
      'prepared statement test-prepared-shapes has two texts',
    );
  });
});
