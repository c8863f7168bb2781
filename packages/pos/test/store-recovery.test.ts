import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SqliteError,
  createPosEngine,
  migrateDatabase,
  openPosStore,
} from '../src/index.ts';
import type { StoreFiles } from '../src/index.ts';
import { sealStore } from '../src/integrity/seal-store.ts';
import { ADAPTERS } from './support/adapters.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { copyStore } from './support/copy-store.ts';
import { createManualClock } from './support/manual-clock.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { ScriptedSyncTransport, acceptAll } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath, readText } from './support/test-platform.ts';
import { createSeededRandom } from '@tabline/domain';
import type { PromotionRecord, WristbandRecord } from '@tabline/protocol';

interface QueueRow {
  seq: number;
  idempotency_key: string;
  order_id: string;
  payload: string;
}
const queueRows = (db: { all<T>(sql: string): T[] }) =>
  db.all<QueueRow>('SELECT seq, idempotency_key, order_id, payload FROM outbox ORDER BY seq');

for (const adapter of ADAPTERS) {
  describe(`checks at open and recovery on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const clock = createManualClock();
    const open = (path: string, files: StoreFiles = adapter.storeFiles(path)) =>
      openPosStore(files, { clock });

    /** 5 orders synced, then, with checkpoints off so the -wal keeps them, 3 queued. */
    const storeWithWal = async (): Promise<{ harness: PosHarness; queued: QueueRow[] }> => {
      const live = joinPath(tempDir(), 'live');
      adapter.files.mkdir(live);
      const harness = openPosHarness(adapter, live);
      await harness.pullCatalog();
      placeOrders(harness, 5);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      harness.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
      placeOrders(harness, 3);
      return { harness, queued: queueRows(harness.db) };
    };

    it('finds queued orders a deleted -wal took with it through the journal, and gives them back with their seqs and keys', async () => {
      const { harness, queued } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'crash'), { wal: false });

      const store = open(copy);

      expect(store.report.outcome).toBe('recovered');
      expect(store.report.problems).toContainEqual({
        kind: 'journal',
        detail: 'work item 6 is journaled but not stored',
      });
      expect(queueRows(store.db)).toEqual(queued);
      expect(store.report.recovery).toMatchObject({
        restored: { queued: 3, queuedOnlyFromJournal: 3, syncedOrders: 5, catalog: true },
        lastSeq: 8,
      });
      const engine = createPosEngine({
        store,
        transport: new ScriptedSyncTransport(),
        clock,
        random: createSeededRandom(2),
      });
      const next = engine.placeOrder({
        wristbandUid: 'TL0009',
        items: [{ productId: LAGER.id, quantity: 1 }],
      });
      expect(next.ok).toBe(true);
      expect(engine.queue().map((item) => item.seq)).toEqual([6, 7, 8, 9]);
      engine.close();
    });

    it('finds a row whose content changed behind its back, and rebuilds the order from its work item', async () => {
      const { harness, queued } = await storeWithWal();
      const victim = queued[0]!.order_id;
      // Damage without breaking the file's structure: a price, changed in place.
      harness.db.run('UPDATE order_items SET unit_price_cents = 1 WHERE order_id = ?', [victim]);
      const copy = copyStore(harness.path, joinPath(tempDir(), 'damaged'));

      const store = open(copy);

      expect(store.report.problems).toEqual([
        { kind: 'row_checksum', detail: `order_items row ${victim}/1 is not as written` },
      ]);
      expect(queueRows(store.db)).toEqual(queued);
      expect(
        store.db.all('SELECT unit_price_cents FROM order_items WHERE order_id = ?', [victim]),
      ).toEqual([{ unit_price_cents: LAGER.priceCents }]);
    });

    it('keeps the promotions and the wristband list with the catalog: a blocked band stays refused, a discount stays applied', async () => {
      const live = joinPath(tempDir(), 'rules');
      adapter.files.mkdir(live);
      const harness = openPosHarness(adapter, live);
      const everythingHalfOff: PromotionRecord = {
        id: '0190a0a0-0000-7000-8000-00000000f00d',
        name: 'Half off',
        active: true,
        priority: 1,
        stacking: 'stackable',
        validFrom: null,
        validUntil: null,
        window: null,
        tiers: null,
        target: { kind: 'all' },
        benefit: { kind: 'percent-off', basisPoints: 5000 },
        capCents: null,
      };
      const lost: WristbandRecord = {
        uid: 'LOST0001',
        status: 'blocked',
        tier: 'standard',
        tabLimitCents: null,
      };
      await harness.pullCatalog(
        catalogPage({ promotions: [everythingHalfOff], wristbands: [lost] }),
      );
      const [order] = placeOrders(harness, 1);
      harness.db.run('UPDATE order_items SET unit_price_cents = 1 WHERE order_id = ?', [order!.id]);
      const copy = copyStore(harness.path, joinPath(tempDir(), 'rules-damaged'));

      const store = open(copy);

      expect(store.report.outcome).toBe('recovered');
      expect(store.report.recovery?.restored.catalog).toBe(true);
      const engine = createPosEngine({
        store,
        transport: new ScriptedSyncTransport(),
        clock,
        random: createSeededRandom(4),
      });
      const lager = { productId: LAGER.id, quantity: 1 };
      expect(engine.placeOrder({ wristbandUid: 'LOST0001', items: [lager] })).toMatchObject({
        ok: false,
        error: { code: 'wristband.blocked' },
      });
      expect(engine.placeOrder({ wristbandUid: 'TL0002', items: [lager] })).toMatchObject({
        ok: true,
        value: { totalCents: LAGER.priceCents / 2 },
      });
      engine.close();
    });

    it('writes the report into the quarantine folder, next to the damaged files moved there unchanged', async () => {
      const { harness } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'crash'), { wal: false });
      const damagedBytes = adapter.files.read(copy);

      const store = open(copy);

      const recovery = store.report.recovery!;
      const folder = recovery.quarantine.folder;
      expect(folder).toBe(`${copy}.quarantine-2026-07-04T18-00-00-000Z`);
      expect(adapter.files.read(joinPath(folder, 'pos.db'))).toEqual(damagedBytes);
      expect(adapter.files.exists(joinPath(folder, 'pos.db.journal'))).toBe(true);
      const written = JSON.parse(
        readText(adapter.files, joinPath(folder, 'recovery-report.json')),
      ) as Record<string, unknown>;
      expect(written).toMatchObject({
        detectedAt: '2026-07-04T18:00:00.000Z',
        quarantineFolder: folder,
        problems: recovery.problems,
        salvaged: {
          database: { syncedOrders: 5, queued: 0 },
          journal: { unacknowledged: 3 },
        },
        restored: recovery.restored,
        lastSeq: 8,
      });
    });

    it('rebuilds from the journal alone a file that is not a database any more', async () => {
      const { harness, queued } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'garbage'), { wal: false });
      adapter.files.write(copy, new Uint8Array(8192).fill(0x5a));

      const store = open(copy);

      expect(store.report.problems).toEqual([
        expect.objectContaining({ kind: 'database.unreadable' }),
      ]);
      expect(queueRows(store.db)).toEqual(queued);
      // Without the catalog the POS waits for its next pull rather than guess prices.
      expect(store.report.recovery?.restored).toMatchObject({ catalog: false, queued: 3 });
    });

    it('rebuilds from the journal a database that is gone', async () => {
      const { harness, queued } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'gone'), { wal: false });
      adapter.files.remove(copy);

      const store = open(copy);

      expect(store.report.problems).toEqual([
        expect.objectContaining({ kind: 'database.missing' }),
      ]);
      expect(queueRows(store.db)).toEqual(queued);
      expect(store.report.recovery?.lastSeq).toBe(8);
    });

    it('takes a schema version flipped in the header for damage, but refuses a file from a newer release', async () => {
      const { harness } = await storeWithWal();
      harness.engine.close();
      const flipped = copyStore(harness.path, joinPath(tempDir(), 'flipped'));
      const bytes = adapter.files.read(flipped);
      bytes[63] = 7; // PRAGMA user_version lives at offset 60, big-endian
      adapter.files.write(flipped, bytes);
      expect(open(flipped).report.problems).toEqual([
        { kind: 'schema', detail: `schema version 7, sealed as ${MIGRATIONS.length}` },
      ]);

      // A later release migrates further and seals its own schema.
      const newer = copyStore(harness.path, joinPath(tempDir(), 'newer'));
      const db = adapter.open(newer);
      const later = {
        version: MIGRATIONS.length + 1,
        name: 'later',
        sql: 'CREATE TABLE later (x)',
      };
      migrateDatabase(db, [...MIGRATIONS, later]);
      sealStore(db);
      db.close();
      expect(() => open(newer)).toThrow(/newer than this app knows/);
      expect(adapter.files.exists(newer)).toBe(true);
    });

    it('installs at the next open a rebuilt store a crash left between quarantine and install', async () => {
      const { harness, queued } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'interrupted'), { wal: false });
      const files = adapter.storeFiles(copy);
      const crashing: StoreFiles = {
        ...files,
        installRebuild: () => {
          throw new Error('the power went out');
        },
      };
      expect(() => open(copy, crashing)).toThrow('the power went out');
      expect(adapter.files.exists(copy)).toBe(false);

      const store = open(copy);

      expect(store.report).toMatchObject({ outcome: 'opened', finishedInterruptedRecovery: true });
      expect(queueRows(store.db)).toEqual(queued);
    });

    it('upgrades a store of the previous release (no checksums, no journal) without calling it damaged', () => {
      const path = joinPath(tempDir(), 'old.db');
      const db = adapter.open(path);
      migrateDatabase(db, MIGRATIONS.slice(0, 1));
      db.exec(`INSERT INTO orders (id, wristband_uid, currency, total_cents, placed_at, catalog_version)
               VALUES ('o1', 'TL0001', 'USD', 650, 0, 7);
               INSERT INTO order_items VALUES ('o1', 1, 'p1', 'Lager', 650, 1);
               INSERT INTO outbox (idempotency_key, kind, order_id, payload, amount_cents, created_at)
               VALUES ('k1', 'order.place', 'o1',
                 '{"kind":"order.place","idempotencyKey":"k1","deviceSeq":1,"payload":{"orderId":"o1","totalCents":650}}',
                 650, 0);`);
      db.close();

      const first = open(path);
      expect(first.report).toMatchObject({
        outcome: 'opened',
        schema: 'older',
        journal: { rewritten: 'created' },
      });
      first.db.close();
      first.journal.close();
      const second = open(path);
      expect(second.report).toMatchObject({ outcome: 'opened', schema: 'current', rowsChecked: 5 });
      expect(queueRows(second.db)).toHaveLength(1);
    });

    it('reseals a store a migration asked to reseal, but takes a bare flipped flag for damage', async () => {
      const { harness } = await storeWithWal();
      harness.engine.close();
      const asked = copyStore(harness.path, joinPath(tempDir(), 'asked'));
      const flipped = copyStore(harness.path, joinPath(tempDir(), 'flipped'));
      for (const [path, sql] of [
        [asked, 'UPDATE store_state SET sealed = 0, row_checksum = NULL'],
        [flipped, 'UPDATE store_state SET sealed = 0'],
      ] as const) {
        const db = adapter.open(path);
        db.exec(sql);
        db.close();
      }

      expect(open(asked).report).toMatchObject({ outcome: 'opened', schema: 'unsealed' });
      expect(open(flipped).report.problems).toEqual([
        { kind: 'schema', detail: 'the store state row is not as written' },
      ]);
    });

    it('does not take a storage that fails for damage: nothing is moved', async () => {
      const { harness } = await storeWithWal();
      const copy = copyStore(harness.path, joinPath(tempDir(), 'busy'));
      const files = adapter.storeFiles(copy);
      const failing: StoreFiles = {
        ...files,
        openDatabaseReadOnly: () => {
          throw new SqliteError('disk I/O error', 10);
        },
      };
      expect(() => open(copy, failing)).toThrow('disk I/O error');
      expect(adapter.files.exists(copy)).toBe(true);
      expect(open(copy).report.outcome).toBe('opened');
    });
  });
}
