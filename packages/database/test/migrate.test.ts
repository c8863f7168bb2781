import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, describeSchema, migrate } from '@tabline/database';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';

for (const kind of testDatabaseKinds()) {
  describe(`migrations on ${kind}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
    });
    afterAll(() => test.dispose());

    it('give exactly the committed schema.sql when applied from empty', async () => {
      // `npx vitest run packages/database -u` rewrites it; review the diff.
      await expect(await describeSchema(test.database)).toMatchFileSnapshot('../schema.sql');
    });

    it('apply nothing the second time', async () => {
      expect((await migrate(test.database)).applied).toEqual([]);
    });

    it('refuse to start when an applied migration was edited', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tabline-migrations-'));
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      const first = join(dir, '0001-initial.sql');
      await writeFile(first, (await readFile(first, 'utf8')) + '\n-- edited\n');
      await expect(migrate(test.database, pathToFileURL(dir + '/'))).rejects.toThrow(/immutable/);
    });

    it('roll a failed transaction back whole', async () => {
      const count = async () =>
        (await test.database.query<{ n: number }>('select count(*)::int8 as n from organisations'))
          .rows[0]!.n;
      const before = await count();
      await expect(
        test.database.transaction(async (tx) => {
          await tx.query(`insert into organisations (id, name) values (gen_random_uuid(), 'x')`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await count()).toBe(before);
    });

    it('count rows the same way on both drivers', async () => {
      const db = test.database;
      const org = crypto.randomUUID();
      expect((await db.query('select 1 union all select 2')).rowCount).toBe(2);
      const insert = `insert into organisations (id, name) values ($1, 'x') on conflict do nothing`;
      expect((await db.query(insert, [org])).rowCount).toBe(1);
      expect((await db.query(insert, [org])).rowCount).toBe(0);
      expect((await db.query(`${insert} returning id`, [crypto.randomUUID()])).rowCount).toBe(1);
      expect(
        (await db.query(`update organisations set name = 'y' where id = $1`, [org])).rowCount,
      ).toBe(1);
    });

    it('read bigint cents as exact numbers', async () => {
      const { rows } = await test.database.query<{ cents: number }>(
        'select 9007199254740991::bigint as cents',
      );
      expect(rows[0]!.cents).toBe(Number.MAX_SAFE_INTEGER);
      await expect(test.database.query('select 9007199254740993::bigint as cents')).rejects.toThrow(
        /safe integer/,
      );
    });
  });
}
