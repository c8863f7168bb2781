/**
 * Seeded corruptions of a store holding synced, rejected and queued orders,
 * and confirmed and queued voids and refunds, with a -wal that holds committed transactions nobody checkpointed (queued
 * orders among them). Each corruption must be detected at open, unless a
 * full logical dump proves it harmless (a flip in free space changes no
 * data). After every open, every order (and void and refund) that was
 * queued, the server not having confirmed it, is queued again with its seq,
 * key and exact payload;
 * and whatever was quarantined is on disk, byte for byte as damaged; and
 * the PIN lockout's count is kept, or assumed at its threshold.
 *
 * Replay a run with TEST_SEED=<seed>; TEST_CORRUPTIONS sets how many.
 */
import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { openPosStore } from '../src/index.ts';
import type { PlacedOrder, SqliteDatabase } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import type { SqliteAdapter } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { catalogPage } from './support/catalog.ts';
import { copyStore } from './support/copy-store.ts';
import type { CorruptionKind } from './support/corrupt-store.ts';
import { CORRUPTION_KINDS, corruptStore, pickCorruptionKind } from './support/corrupt-store.ts';
import { dumpDatabase } from './support/dump-database.ts';
import { createManualClock } from './support/manual-clock.ts';
import { placeAndSyncRefusingFirst, placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { NETWORK_DOWN, acceptAll, failWith } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { testSetting } from './support/test-env.ts';
import { joinPath } from './support/test-platform.ts';

const SEED = testSetting('TEST_SEED', 20261124);
const CORRUPTIONS = testSetting('TEST_CORRUPTIONS', 150);

interface QueueRow {
  readonly seq: number;
  readonly idempotency_key: string;
  readonly payload: string;
}

const readQueue = (db: SqliteDatabase) =>
  db.all<QueueRow>('SELECT seq, idempotency_key, payload FROM outbox ORDER BY seq');

/** A refund (or a void, with no amount) of `order`, approved by Maya. */
async function adjust(harness: PosHarness, order: PlacedOrder, amountCents: number | null) {
  const placed = await harness.engine.adjustOrder({
    orderId: order.id,
    ...(amountCents === null ? { kind: 'void' } : { kind: 'refund', amountCents }),
    reason: 'Corruption test',
    approver: { staffUserId: MAYA.staffUserId, pin: MAYA.pin },
  });
  if (!placed.ok) throw new Error(placed.error.message);
}

/**
 * The store every corruption starts from, copied while the engine holds it
 * open (what a crash would leave): 39 orders synced and 1 rejected, 3
 * refunds and voids of them and 30 orders and a void queued, all
 * checkpointed into the main file; then, with checkpoints off, a push that
 * synced 10 of those (the refunds and voids among them), a push that failed,
 * and 15 more orders, a refund and a wrong PIN, all in the -wal only (`withWal`). The same data checkpointed into
 * the main file (`checkpointed`) makes flips hit the live copy of every
 * page rather than one the -wal supersedes.
 */
async function buildPristineStore(adapter: SqliteAdapter, dir: string) {
  adapter.files.mkdir(dir);
  const harness = openPosHarness(adapter, dir);
  await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
  const synced = await placeAndSyncRefusingFirst(harness, 40);
  await adjust(harness, synced[1]!, 100);
  await adjust(harness, synced[2]!, null);
  await adjust(harness, synced[3]!, 650);
  const waiting = placeOrders(harness, 30);
  await adjust(harness, waiting[4]!, null);
  harness.reopen({ pushItemsMax: 10, pushBatchesPerSyncMax: 1 });
  harness.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
  harness.transport.answerPushes(acceptAll, failWith(NETWORK_DOWN));
  await harness.engine.sync();
  await harness.engine.sync();
  const late = placeOrders(harness, 15);
  await adjust(harness, late[14]!, 1000);
  // A wrong PIN, so the PIN lockout has its row for damage to hit.
  const wrong = await harness.engine.adjustOrder({
    orderId: late[13]!.id,
    kind: 'void',
    reason: 'Corruption test',
    approver: { staffUserId: MAYA.staffUserId, pin: '0000' },
  });
  expect(wrong).toMatchObject({ error: { code: 'approval.pin_wrong' } });
  const queued = readQueue(harness.db);
  const withWal = copyStore(harness.path, joinPath(dir, 'with-wal'));
  harness.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const checkpointed = copyStore(harness.path, joinPath(dir, 'checkpointed'));
  harness.engine.close();
  return { withWal, checkpointed, queued, dump: dumpDatabase(withWal) };
}

/** File-level accidents need the -wal; flips and a cut main file mostly hit the checkpointed copy. */
function pickSnapshot(
  kind: CorruptionKind,
  random: Random,
  pristine: { withWal: string; checkpointed: string },
) {
  if (kind === 'delete-wal' || kind === 'truncate-wal') return pristine.withWal;
  return random.next() < 0.7 ? pristine.checkpointed : pristine.withWal;
}

for (const adapter of ADAPTERS) {
  describe(`damage to the store's files on ${adapter.name} (seed ${SEED})`, () => {
    const tempDir = useTempDir();

    it(`detects every one of ${CORRUPTIONS} seeded corruptions that changes any data, and loses no queued order`, async () => {
      const pristine = await buildPristineStore(adapter, joinPath(tempDir(), 'pristine'));
      expect(pristine.queued).toHaveLength(40);
      expect(pristine.dump).not.toBeNull();
      expect(dumpDatabase(pristine.checkpointed)).toBe(pristine.dump);
      const withoutWal = copyStore(pristine.withWal, joinPath(tempDir(), 'without-wal'), {
        wal: false,
      });
      expect(dumpDatabase(withoutWal), 'the -wal holds committed transactions').not.toBe(
        pristine.dump,
      );

      const random = createSeededRandom(SEED);
      const clock = createManualClock();
      const tally = Object.fromEntries(
        CORRUPTION_KINDS.map((kind) => [kind, { detected: 0, harmless: 0, missed: 0 }]),
      ) as Record<CorruptionKind, { detected: number; harmless: number; missed: number }>;
      for (let trial = 0; trial < CORRUPTIONS; trial++) {
        const trialDir = joinPath(tempDir(), `trial-${trial}`);
        const kind = pickCorruptionKind(random);
        const snapshot = pickSnapshot(kind, random, pristine);
        const copy = copyStore(snapshot, trialDir);
        const corruption = corruptStore(copy, kind, random);
        const replay = `seed ${SEED}, corruption ${trial}: ${kind} of ${snapshot.split('/').at(-2)}, ${corruption.detail}`;
        const damaged = adapter.files.exists(copy) ? adapter.files.read(copy) : null;
        const harmless = dumpDatabase(copy) === pristine.dump;

        const store = openPosStore(adapter.storeFiles(copy), { clock });

        const detected = store.report.outcome === 'recovered';
        tally[corruption.kind][detected ? 'detected' : harmless ? 'harmless' : 'missed']++;
        expect(detected || harmless, `undetected damage (${replay})`).toBe(true);
        const requeued = new Map(readQueue(store.db).map((row) => [row.seq, row]));
        for (const row of pristine.queued) {
          expect(requeued.get(row.seq), `queued order lost (${replay})`).toEqual(row);
        }
        const wrongPins = store.db.get<{ n: number }>(
          'SELECT wrong_pins_in_row AS n FROM pin_lockout',
        );
        expect(wrongPins?.n, `PIN lockout count lost (${replay})`).toBeGreaterThanOrEqual(1);
        if (detected && damaged !== null) {
          const folder = store.report.recovery!.quarantine.folder;
          expect(
            adapter.files.read(joinPath(folder, 'pos.db')),
            `quarantined file (${replay})`,
          ).toEqual(damaged);
        }
        store.db.close();
        store.journal.close();
        adapter.files.removeTree(trialDir);
      }

      const total = (key: 'detected' | 'harmless' | 'missed') =>
        Object.values(tally).reduce((sum, counts) => sum + counts[key], 0);
      console.log(
        `corruptions (seed ${SEED}): ${CORRUPTIONS} in all, ${total('detected')} detected, ` +
          `${total('harmless')} harmless (logical dump identical), ${total('missed')} missed\n` +
          Object.entries(tally)
            .map(([kind, counts]) => `  ${kind}: ${JSON.stringify(counts)}`)
            .join('\n'),
      );
      expect(total('missed')).toBe(0);
      expect(total('detected')).toBeGreaterThan(CORRUPTIONS / 2);
    }, 300_000);
  });
}
