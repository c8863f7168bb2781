import { join } from 'node:path';
import type { Order } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateDatabase, openPosStore, readSchemaVersion } from '../src/index.ts';
import type { Migration, SqliteDatabase } from '../src/index.ts';
import { DEVICE_STATE, STORE_STATE } from '../src/integrity/sealed-tables.ts';
import { schemaChecksum } from '../src/integrity/schema-checksum.ts';
import { buildPlaceOrderWorkItem } from '../src/orders/build-place-order-work-item.ts';
import { insertOrder } from '../src/store/insert-order.ts';
import { insertOutboxItem } from '../src/store/insert-outbox-item.ts';
import { nextDeviceSeq } from '../src/store/next-device-seq.ts';
import { resealRow } from '../src/store/reseal-row.ts';
import { ADAPTERS } from './support/adapters.ts';
import { LAGER } from './support/catalog.ts';
import { dumpSchema } from './support/dump-schema.ts';
import { createManualClock } from './support/manual-clock.ts';
import { useTempDir } from './support/temp-dir.ts';

/**
 * A sealed store of release 4 (before voids and refunds): two queued orders
 * with seqs 6 and 7, the counter at 9 (seqs 8 and 9 answered since), written
 * with their checksums as that release wrote them.
 */
function sealedStoreOfRelease4(db: SqliteDatabase): void {
  migrateDatabase(db, MIGRATIONS.slice(0, 4));
  db.exec(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', 5)`);
  for (const [index, orderId] of [
    '0190a0a0-0000-7000-8000-0000000000f1',
    '0190a0a0-0000-7000-8000-0000000000f2',
  ].entries()) {
    const order: Order = {
      id: orderId,
      wristbandUid: `TL000${index + 1}`,
      locationId: null,
      currency: 'USD',
      items: [
        {
          productId: LAGER.id,
          productName: LAGER.name,
          categoryId: LAGER.categoryId,
          unitPriceCents: 650,
          quantity: 1,
          discountCents: 0,
          promotionIds: [],
        },
      ],
      totalCents: 650,
      placedAt: 1_000 + index,
    };
    const workItem = buildPlaceOrderWorkItem(order, {
      idempotencyKey: orderId.replace('f', 'e'),
      deviceSeq: nextDeviceSeq(db),
      catalogVersion: 7,
    });
    insertOrder(db, order, 7);
    insertOutboxItem(db, { workItem, orderId, amountCents: 650, createdAt: order.placedAt });
  }
  db.exec(`UPDATE sqlite_sequence SET seq = 9 WHERE name = 'outbox'`);
  db.run(
    'UPDATE store_state SET schema_version = 4, schema_checksum = ?, last_seq = 9, sealed = 1',
    [schemaChecksum(db)],
  );
  resealRow(db, STORE_STATE, [1]);
  resealRow(db, DEVICE_STATE, [1]);
}

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

    it('upgrading a store of release 4 rebuilds the outbox with every row, its checksum and the seq counter', () => {
      const path = join(tempDir(), 'pos.db');
      const old = open();
      sealedStoreOfRelease4(old);
      const rows = old.all('SELECT * FROM outbox ORDER BY seq');
      old.close();
      const clock = createManualClock();

      const upgraded = openPosStore(adapter.storeFiles(path), { clock });
      expect(upgraded.report).toMatchObject({ outcome: 'opened', schema: 'older', problems: [] });
      upgraded.db.close();
      upgraded.journal.close();
      // Opened again, the store is current: every check runs, row checksums included.
      const current = openPosStore(adapter.storeFiles(path), { clock });

      expect(current.report).toMatchObject({ outcome: 'opened', schema: 'current', problems: [] });
      expect(current.db.all('SELECT * FROM outbox ORDER BY seq')).toEqual(rows);
      expect(rows.map((row) => (row as { seq: number }).seq)).toEqual([6, 7]);
      expect(nextDeviceSeq(current.db)).toBe(10);
      expect(current.db.all(`SELECT name FROM sqlite_sequence`)).toEqual([{ name: 'outbox' }]);
      current.db.close();
      current.journal.close();
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
