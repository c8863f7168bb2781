/**
 * The `deferCommitMs` fault (testing only), which the simulator uses to
 * prove that its loss check catches a POS without a durable commit: orders
 * placeOrder returned are held in memory, read and synced as usual, and lost
 * by a SIGKILL before the deferred commit. Without the fault the same kill
 * loses nothing.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../src/index.ts';
import { openNodeSqliteDatabaseReadOnly } from '../src/node/index.ts';
import { createDeferredCommitDatabase } from '../src/faults/deferred-commit-database.ts';
import { ADAPTERS } from './support/adapters.ts';
import { LAGER } from './support/catalog.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { acceptAll } from './support/scripted-sync-transport.ts';
import { createManualTime } from './support/manual-time.ts';
import { useTempDir } from './support/temp-dir.ts';

const CHILD = fileURLToPath(new URL('./support/defer-commit-then-crash.ts', import.meta.url));
const DEFER_COMMIT_MS = 1000;

/** Runs the child to its SIGKILL; the orders it reported before and after the deferred commit. */
async function placeThenCrash(path: string, deferCommitMs: number | 'off') {
  const child = spawn(process.execPath, [CHILD, path, LAGER.id, String(deferCommitMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  const committedAt = lines.indexOf('committed');
  const ids = (part: string[]) => part.map((line) => line.replace(/^placed /, ''));
  return {
    signal,
    beforeCommit: ids(lines.slice(0, committedAt)),
    afterCommit: ids(lines.slice(committedAt + 1)),
  };
}

/** The orders of the file as another connection reads them: what is committed. */
function committedOrders(path: string): { id: string; state: string }[] {
  const db = openNodeSqliteDatabaseReadOnly(path);
  try {
    return db.all('SELECT id, sync_state AS state FROM orders ORDER BY id');
  } finally {
    db.close();
  }
}

const storedIds = (harness: PosHarness) =>
  harness.engine
    .recentOrders()
    .map((order) => order.id)
    .sort();

for (const adapter of ADAPTERS) {
  describe(`the deferCommitMs fault on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    it('a SIGKILL loses the orders placeOrder returned since the last deferred commit', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      harness.engine.close();

      const run = await placeThenCrash(harness.path, DEFER_COMMIT_MS);

      expect(run.signal).toBe('SIGKILL');
      expect(run.beforeCommit).toHaveLength(2);
      expect(run.afterCommit).toHaveLength(2);
      harness.reopen();
      expect(harness.report.problems).toEqual([]);
      expect(storedIds(harness)).toEqual([...run.beforeCommit].sort());
    });

    it('without the fault the same SIGKILL loses none of them', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      harness.engine.close();

      const run = await placeThenCrash(harness.path, 'off');

      expect(run.signal).toBe('SIGKILL');
      harness.reopen();
      expect(storedIds(harness)).toEqual([...run.beforeCommit, ...run.afterCommit].sort());
    });

    it('holds orders in memory until the deferred commit, yet the engine reads and syncs them at once', async () => {
      const time = createManualTime();
      const harness = openPosHarness(adapter, tempDir(), {
        scheduler: time.scheduler,
        faults: { deferCommitMs: DEFER_COMMIT_MS },
      });
      await harness.pullCatalog();
      await time.advance(DEFER_COMMIT_MS);

      const placed = placeOrders(harness, 2);
      expect(harness.engine.status()).toMatchObject({ backlogCount: 2 });
      harness.transport.answerPushes(acceptAll);
      expect(await harness.engine.sync()).toMatchObject({ accepted: 2, remaining: 0 });
      expect(harness.engine.recentOrders()).toMatchObject(
        placed.map(() => ({ syncState: 'synced' })),
      );
      expect(committedOrders(harness.path)).toEqual([]);

      await time.advance(DEFER_COMMIT_MS - 1);
      expect(committedOrders(harness.path)).toEqual([]);
      await time.advance(1);
      const synced = placed.map((order) => ({ id: order.id, state: 'synced' }));
      expect(committedOrders(harness.path)).toEqual(synced.sort((a, b) => (a.id < b.id ? -1 : 1)));
    });

    it('close() commits what is held, and the next open finds the store sound', async () => {
      const time = createManualTime();
      const harness = openPosHarness(adapter, tempDir(), {
        scheduler: time.scheduler,
        faults: { deferCommitMs: DEFER_COMMIT_MS },
      });
      await harness.pullCatalog();
      const placed = placeOrders(harness, 3);

      harness.reopen({});

      expect(harness.report.problems).toEqual([]);
      expect(harness.report.journal.journaledAtOpen).toBe(3);
      expect(storedIds(harness)).toEqual(placed.map((order) => order.id).sort());
      expect(time.nextTimerAt()).toBeNull();
    });

    it('a transaction that fails undoes itself alone, keeping the held work before it', () => {
      const time = createManualTime();
      const real = adapter.open(join(tempDir(), 'plain.db'));
      real.exec('CREATE TABLE sales (id INTEGER PRIMARY KEY)');
      const db = createDeferredCommitDatabase(real, time.scheduler, DEFER_COMMIT_MS);

      inTransaction(db, () => db.run('INSERT INTO sales (id) VALUES (1)'));
      expect(() =>
        inTransaction(db, () => {
          db.run('INSERT INTO sales (id) VALUES (2)');
          throw new Error('the body fails');
        }),
      ).toThrow('the body fails');
      inTransaction(db, () => db.run('INSERT INTO sales (id) VALUES (3)'));

      expect(db.all('SELECT id FROM sales')).toEqual([{ id: 1 }, { id: 3 }]);
      db.close();
    });
  });
}
