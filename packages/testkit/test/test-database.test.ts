import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '@tabline/database';
import { createTestDatabase } from '../src/test-database.ts';

describe('createTestDatabase on PGlite', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the migrated database in a data dir on disk when given one, as the embedded default does', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabline-test-database-'));
    const dataDir = join(dir, 'pglite');
    const test = await createTestDatabase('pglite', { pgliteDataDir: dataDir });
    await test.database.query('create table kept (note text)', []);
    await test.database.query(`insert into kept values ('on disk')`, []);
    await test.dispose();
    expect((await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim()).toMatch(/^\d+$/);

    const reopened = await openPgliteDatabase(dataDir);
    try {
      const kept = await reopened.query<{ note: string }>('select note from kept', []);
      expect(kept.rows).toEqual([{ note: 'on disk' }]);
      // Migrated: the schema's tables are there.
      const events = await reopened.query<{ n: number }>(
        'select count(*)::int as n from events',
        [],
      );
      expect(events.rows).toEqual([{ n: 0 }]);
    } finally {
      await reopened.close();
    }
  });
});
