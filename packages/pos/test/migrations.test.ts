import type { Order } from '@tabline/domain';
import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  createPosEngine,
  migrateDatabase,
  openPosStore,
  readSchemaVersion,
} from '../src/index.ts';
import type { Migration, SqliteDatabase } from '../src/index.ts';
import { DEVICE_STATE, STORE_STATE } from '../src/integrity/sealed-tables.ts';
import { schemaChecksum } from '../src/integrity/schema-checksum.ts';
import { buildPlaceOrderWorkItem } from '../src/orders/build-place-order-work-item.ts';
import { insertOrder } from '../src/store/insert-order.ts';
import { insertOutboxItem } from '../src/store/insert-outbox-item.ts';
import { nextDeviceSeq } from '../src/store/next-device-seq.ts';
import { resealRow } from '../src/store/reseal-row.ts';
import type { SqliteAdapter } from './support/adapters.ts';
import { ADAPTERS } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { dumpSchema } from './support/dump-schema.ts';
import { createManualClock } from './support/manual-clock.ts';
import { placeAndSyncRefusingFirst, placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { ScriptedSyncTransport, acceptAll } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath } from './support/test-platform.ts';

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

/**
 * A sealed store of release 5 (voids and refunds, no PIN lockout): orders
 * synced, rejected and queued, a refund confirmed and a void queued, the
 * catalog and the approving managers, and its journal. Release 6 only adds the empty `pin_lockout` table, so a
 * store this release made, with that table dropped and the version and
 * seal put back to 5, is one release 5 made: the test checks that its
 * schema is exactly migration 5's. Returns the database's path.
 */
async function sealedStoreOfRelease5(adapter: SqliteAdapter, dir: string): Promise<string> {
  adapter.files.mkdir(dir);
  const harness = openPosHarness(adapter, dir);
  await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
  const synced = await placeAndSyncRefusingFirst(harness, 3);
  const approver = { staffUserId: MAYA.staffUserId, pin: MAYA.pin };
  const adjust = { orderId: synced[1]!.id, reason: 'Spilled', approver };
  await harness.engine.adjustOrder({ ...adjust, kind: 'refund', amountCents: 100 });
  harness.transport.answerPushes(acceptAll);
  await harness.engine.sync();
  await harness.engine.adjustOrder({ ...adjust, orderId: synced[2]!.id, kind: 'void' });
  placeOrders(harness, 2);
  harness.engine.close();
  const db = adapter.open(harness.path);
  db.exec('DROP TABLE pin_lockout; PRAGMA user_version = 5');
  db.run('UPDATE store_state SET schema_version = 5, schema_checksum = ?', [schemaChecksum(db)]);
  resealRow(db, STORE_STATE, [1]);
  db.close();
  return harness.path;
}

/** Every row of every table but store_state (which the open reseals), in a stable order. */
function readEveryRow(db: SqliteDatabase) {
  const tables = db.all<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'store_state' ORDER BY name`,
  );
  return Object.fromEntries(
    tables.map(({ name }) => [name, db.all(`SELECT * FROM "${name}" ORDER BY 1, 2`)]),
  );
}

for (const adapter of ADAPTERS) {
  describe(`migrations on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const open = () => adapter.open(joinPath(tempDir(), 'pos.db'));

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
      const path = joinPath(tempDir(), 'pos.db');
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

    it('upgrading a store of release 5 keeps every row, checksum and count, and starts with no PIN lockout', async () => {
      const path = await sealedStoreOfRelease5(adapter, joinPath(tempDir(), 'release-5'));
      const release5 = open();
      migrateDatabase(release5, MIGRATIONS.slice(0, 5));
      const old = adapter.open(path);
      expect(dumpSchema(old)).toBe(dumpSchema(release5));
      const rows = readEveryRow(old);
      const { commit_seq: commitSeq, last_seq: lastSeq } = old.get<Record<string, number>>(
        'SELECT commit_seq, last_seq FROM store_state',
      )!;
      old.close();
      release5.close();
      const counts = Object.fromEntries(
        Object.entries(rows).map(([name, all]) => [name, all.length]),
      );
      expect(counts).toMatchObject({ approvers: 1, orders: 5, outbox: 3, rejected_items: 1 });
      expect(counts).toMatchObject({ adjustments: 2, order_items: 5, products: 5 });
      const clock = createManualClock();

      const upgraded = openPosStore(adapter.storeFiles(path), { clock });
      expect(upgraded.report).toMatchObject({ outcome: 'opened', schema: 'older', problems: [] });
      upgraded.db.close();
      upgraded.journal.close();
      // Opened again, the store is current: every check runs, row checksums included.
      const current = openPosStore(adapter.storeFiles(path), { clock });

      expect(current.report).toMatchObject({ outcome: 'opened', schema: 'current', problems: [] });
      expect(readSchemaVersion(current.db)).toBe(6);
      expect(readEveryRow(current.db)).toEqual({ ...rows, pin_lockout: [] });
      expect(current.db.get('SELECT commit_seq, last_seq FROM store_state')).toEqual({
        commit_seq: commitSeq,
        last_seq: lastSeq,
      });
      const engine = createPosEngine({
        store: current,
        transport: new ScriptedSyncTransport(),
        clock,
        random: createSeededRandom(3),
      });
      expect(engine.status()).toMatchObject({ backlogCount: 3, approvalsLockedUntil: null });
      const refunded = (rows['adjustments'] as { order_id: string }[])[0]!.order_id;
      const wrong = await engine.adjustOrder({
        orderId: refunded,
        kind: 'refund',
        amountCents: 100,
        reason: 'Spilled',
        approver: { staffUserId: MAYA.staffUserId, pin: '0000' },
      });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'approval.pin_wrong' } });
      expect(current.db.get('SELECT wrong_pins_in_row FROM pin_lockout')).toEqual({
        wrong_pins_in_row: 1,
      });
      engine.close();
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
