import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateDatabase, readSchemaVersion } from '../src/index.ts';
import type { Migration } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { dumpSchema } from './support/dump-schema.ts';
import { useTempDir } from './support/temp-dir.ts';

for (const adapter of ADAPTERS) {
  describe(`migrations on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const open = () => adapter.open(join(tempDir(), 'pos.db'));

    it('migrating an empty database gives exactly the committed schema', async () => {
      const db = open();
      migrateDatabase(db);
      expect(readSchemaVersion(db)).toBe(MIGRATIONS.length);
      await expect(dumpSchema(db)).toMatchFileSnapshot('../schema.sql');
      db.close();
    });

    it('migrating an up-to-date database changes nothing', () => {
      const db = open();
      migrateDatabase(db);
      const before = dumpSchema(db);
      migrateDatabase(db);
      expect(dumpSchema(db)).toBe(before);
      expect(db.all('SELECT id FROM device_state')).toHaveLength(1);
      db.close();
    });

    it('refuses a database written by a newer release', () => {
      const db = open();
      db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
      expect(() => migrateDatabase(db)).toThrow(/newer than this app knows/);
      db.close();
    });

    it('a migration that fails leaves the database at the version before it', () => {
      const db = open();
      const broken: Migration = {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE half_done (id INTEGER); SELECT no_such_column FROM half_done;',
      };
      expect(() => migrateDatabase(db, [...MIGRATIONS, broken])).toThrow(/no_such_column/);
      expect(readSchemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.get(`SELECT name FROM sqlite_master WHERE name = 'half_done'`)).toBeUndefined();
      db.close();
    });
  });
}
