/**
 * The PIN attempt lockout: wrong manager PINs in a row on one device lock
 * PIN approvals for a while, kept in the store through restarts, resets,
 * sign-outs and damage. Derivations are counted on WebCrypto's deriveBits,
 * the slow step a lockout exists to ration; time is the manual clock's.
 */
import { createSeededRandom } from '@tabline/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPosEngine, openPosStore } from '../src/index.ts';
import type { AdjustOrderInput, PlacedOrder, PosEngine, SqliteDatabase } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { LEON, MAYA, approverRecord } from './support/approvers.ts';
import type { TestManager } from './support/approvers.ts';
import { catalogPage } from './support/catalog.ts';
import { copyStore } from './support/copy-store.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness } from './support/pos-harness.ts';
import { ScriptedSyncTransport, acceptAll } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';
import { joinPath } from './support/test-platform.ts';

/** A manager the pull did not list. */
const STRANGER: TestManager = { ...LEON, staffUserId: '0190a0a0-0000-7000-8000-0000000005a9' };

const refund = (order: PlacedOrder, manager: TestManager, pin = manager.pin): AdjustOrderInput => ({
  orderId: order.id,
  kind: 'refund',
  amountCents: 100,
  reason: 'Spilled',
  approver: { staffUserId: manager.staffUserId, pin },
});

const codeOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error!.code;

const lockoutRow = (db: SqliteDatabase) =>
  db.get('SELECT wrong_pins_in_row, lockouts, locked_until FROM pin_lockout');

/** Counts PBKDF2 derivations from now on. */
const countDerivations = () => vi.spyOn(globalThis.crypto.subtle, 'deriveBits');

for (const adapter of ADAPTERS) {
  describe(`PIN attempt lockout on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /** Maya and Leon can approve; one order, synced, so the outbox is empty. */
    const openWithOrder = async (dir = tempDir()) => {
      const harness = openPosHarness(adapter, dir);
      await harness.pullCatalog(
        catalogPage({ approvers: [await approverRecord(MAYA), await approverRecord(LEON)] }),
      );
      const [order] = placeOrders(harness, 1);
      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      return { harness, order: order! };
    };

    /** `count` wrong PINs for Maya, each expected to be answered approval.pin_wrong. */
    const tryWrongPins = async (engine: PosEngine, order: PlacedOrder, count: number) => {
      for (let attempt = 0; attempt < count; attempt++) {
        expect(codeOf(await engine.adjustOrder(refund(order, MAYA, '0000')))).toBe(
          'approval.pin_wrong',
        );
      }
    };

    const lockedFor = (harness: PosHarness) =>
      (harness.engine.status().approvalsLockedUntil ?? harness.clock.now()) - harness.clock.now();

    it('after 5 wrong PINs in a row, whichever managers were chosen, refuses every PIN check with approval.locked, the right PIN too, deriving nothing', async () => {
      const { harness, order } = await openWithOrder();
      const derivations = countDerivations();

      const answers = [];
      for (const input of [
        refund(order, MAYA, '0000'),
        refund(order, LEON, '1111'),
        refund(order, MAYA, '48a1'), // no PIN at all: nothing to derive, still a try
        refund(order, STRANGER), // not on the list: nothing to derive, still a try
        refund(order, LEON, '2222'),
      ]) {
        expect(harness.engine.status().approvalsLockedUntil).toBeNull();
        answers.push(await harness.engine.adjustOrder(input));
      }
      const lockedAt = harness.clock.now();
      harness.clock.advance(10_000);
      const locked = [
        await harness.engine.adjustOrder(refund(order, MAYA)),
        await harness.engine.adjustOrder(refund(order, LEON)),
        await harness.engine.adjustOrder(refund(order, STRANGER)),
      ];

      expect(answers.map(codeOf)).toEqual(Array(5).fill('approval.pin_wrong'));
      expect(answers.at(-1)).toMatchObject({
        error: { message: expect.stringMatching(/PIN approvals are locked for 30 s\.$/) as string },
      });
      expect(locked).toEqual(
        Array(3).fill({
          ok: false,
          error: {
            code: 'approval.locked',
            message:
              'Too many wrong PINs on this POS: PIN approvals are locked. Try again in 20 s.',
          },
        }),
      );
      expect(derivations).toHaveBeenCalledTimes(3);
      expect(harness.engine.status().approvalsLockedUntil).toBe(lockedAt + 30_000);
      expect(harness.count('adjustments') + harness.count('outbox')).toBe(0);
      // Nothing kept or told says whose PIN was tried.
      expect(lockoutRow(harness.db)).toEqual({
        wrong_pins_in_row: 5,
        lockouts: 1,
        locked_until: lockedAt + 30_000,
      });
      for (const { error } of [...answers, ...locked] as { error: { message: string } }[]) {
        for (const manager of [MAYA, LEON, STRANGER]) {
          expect(error.message).not.toContain(manager.name);
          expect(error.message).not.toContain(manager.staffUserId);
        }
      }
    });

    it('once the lockout ends, the right PIN approves and starts the count afresh', async () => {
      const { harness, order } = await openWithOrder();
      await tryWrongPins(harness.engine, order, 5);
      harness.clock.advance(29_999);
      expect(await harness.engine.adjustOrder(refund(order, MAYA))).toMatchObject({
        error: { code: 'approval.locked', message: expect.stringMatching(/in 1 s\.$/) as string },
      });

      harness.clock.advance(1);
      expect(harness.engine.status().approvalsLockedUntil).toBeNull();
      const approved = await harness.engine.adjustOrder(refund(order, MAYA));

      expect(approved.ok).toBe(true);
      expect(lockoutRow(harness.db)).toEqual({
        wrong_pins_in_row: 0,
        lockouts: 0,
        locked_until: null,
      });
      // Five more tries, and the first lockout's 30 s again, not the second's 60 s.
      await tryWrongPins(harness.engine, order, 4);
      expect(harness.engine.status().approvalsLockedUntil).toBeNull();
      await tryWrongPins(harness.engine, order, 1);
      expect(lockedFor(harness)).toBe(30_000);
    });

    it('each wrong PIN after a lockout ends starts the next one, twice as long, up to 15 minutes', async () => {
      const { harness, order } = await openWithOrder();
      const derivations = countDerivations();
      await tryWrongPins(harness.engine, order, 5);
      const lengths = [lockedFor(harness)];

      for (let lockout = 2; lockout <= 8; lockout++) {
        harness.clock.advance(lockedFor(harness) - 1);
        expect(codeOf(await harness.engine.adjustOrder(refund(order, MAYA, '0000')))).toBe(
          'approval.locked',
        );
        harness.clock.advance(1);
        await tryWrongPins(harness.engine, order, 1);
        lengths.push(lockedFor(harness));
      }

      expect(lengths).toEqual([
        30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
      ]);
      expect(derivations).toHaveBeenCalledTimes(12);
      expect(lockoutRow(harness.db)).toMatchObject({ wrong_pins_in_row: 12, lockouts: 8 });
      expect(await harness.engine.adjustOrder(refund(order, LEON))).toMatchObject({
        error: {
          code: 'approval.locked',
          message: expect.stringMatching(/in 15 min\.$/) as string,
        },
      });
    });

    it('keeps the count and the lockout when the engine is closed and opened again', async () => {
      const { harness, order } = await openWithOrder();
      await tryWrongPins(harness.engine, order, 4);

      harness.reopen();
      await tryWrongPins(harness.engine, order, 1);
      const lockedUntil = harness.engine.status().approvalsLockedUntil;
      harness.reopen();

      expect(lockedUntil).toBe(harness.clock.now() + 30_000);
      expect(harness.engine.status().approvalsLockedUntil).toBe(lockedUntil);
      expect(codeOf(await harness.engine.adjustOrder(refund(order, MAYA)))).toBe('approval.locked');
      harness.clock.advance(30_000);
      harness.reopen();
      expect(codeOf(await harness.engine.adjustOrder(refund(order, MAYA)))).toBe('ok');
    });

    it('checks PINs fired together one at a time: of seven wrong ones at once, five are checked and two refused as locked', async () => {
      const { harness, order } = await openWithOrder();
      const derivations = countDerivations();

      const answers = await Promise.all(
        ['0001', '0002', '0003', '0004', '0005', '0006', '0007'].map((pin) =>
          harness.engine.adjustOrder(refund(order, MAYA, pin)),
        ),
      );

      expect(answers.map(codeOf)).toEqual([
        ...Array<string>(5).fill('approval.pin_wrong'),
        'approval.locked',
        'approval.locked',
      ]);
      expect(derivations).toHaveBeenCalledTimes(5);
    });

    it('a reset or a sign-out keeps the lockout; only erasing the store forgets it', async () => {
      const { harness, order } = await openWithOrder();
      await tryWrongPins(harness.engine, order, 5);
      const lockedUntil = harness.engine.status().approvalsLockedUntil;

      expect(harness.engine.resetStore().ok).toBe(true);
      expect(harness.engine.status().approvalsLockedUntil).toBe(lockedUntil);
      expect(harness.engine.signOut().ok).toBe(true);
      harness.reopen();
      expect(harness.engine.approvers()).toEqual([]);
      expect(harness.engine.status().approvalsLockedUntil).toBe(lockedUntil);
      // Paired and pulled again, the device is still locked.
      await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
      const [again] = placeOrders(harness, 1);
      expect(codeOf(await harness.engine.adjustOrder(refund(again!, MAYA)))).toBe(
        'approval.locked',
      );

      harness.transport.answerPushes(acceptAll);
      await harness.engine.sync();
      expect(harness.engine.eraseStore().ok).toBe(true);
      harness.reopen();
      expect(harness.engine.status().approvalsLockedUntil).toBeNull();
      expect(harness.count('pin_lockout')).toBe(0);
    });

    it('a device clock set back during a lockout locks approvals no longer than the lockout', async () => {
      const { harness, order } = await openWithOrder();
      await tryWrongPins(harness.engine, order, 5);

      harness.clock.advance(-24 * 60 * 60_000);
      expect(lockedFor(harness)).toBe(30_000);
      expect(await harness.engine.adjustOrder(refund(order, MAYA))).toMatchObject({
        error: { code: 'approval.locked', message: expect.stringMatching(/in 30 s\.$/) as string },
      });
      harness.clock.advance(10_000);
      expect(lockedFor(harness)).toBe(20_000);
      harness.clock.advance(20_000);

      expect(codeOf(await harness.engine.adjustOrder(refund(order, MAYA)))).toBe('ok');
    });

    describe('through damage to the store', () => {
      /** Maya and Leon, an order synced, and `wrongPins` wrong PINs, in a store of its own. */
      const liveStore = async (wrongPins: number) => {
        const live = joinPath(tempDir(), 'live');
        adapter.files.mkdir(live);
        const { harness, order } = await openWithOrder(live);
        await tryWrongPins(harness.engine, order, wrongPins);
        return { harness, order };
      };

      /** Opens a copy of the live store, damaged by `damage`, as the app would: checks, then the engine. */
      const openDamagedCopy = (harness: PosHarness, damage: (copy: string) => void) => {
        const copy = copyStore(harness.path, joinPath(tempDir(), 'damaged'));
        damage(copy);
        const store = openPosStore(adapter.storeFiles(copy), { clock: harness.clock });
        const engine = createPosEngine({
          store,
          transport: new ScriptedSyncTransport(),
          clock: harness.clock,
          random: createSeededRandom(7),
        });
        return { store, engine };
      };

      const changeRow =
        (sql: string, parameters: readonly string[] = []) =>
        (copy: string) => {
          const db = adapter.open(copy);
          db.run(sql, parameters);
          db.close();
        };

      it('a store rebuilt after damage keeps a lockout whose row is intact', async () => {
        const { harness, order } = await liveStore(5);
        const lockedUntil = harness.engine.status().approvalsLockedUntil;

        const { store, engine } = openDamagedCopy(
          harness,
          changeRow('UPDATE orders SET total_cents = 1 WHERE id = ?', [order.id]),
        );

        expect(store.report.outcome).toBe('recovered');
        expect(store.report.recovery?.restored.pinLockout).toBe('kept');
        expect(lockoutRow(store.db)).toEqual(lockoutRow(harness.db));
        expect(engine.status().approvalsLockedUntil).toBe(lockedUntil);
        engine.close();
      });

      it('a store rebuilt when its count cannot be read assumes the threshold: the next wrong PIN locks, the right PIN approves', async () => {
        const { harness, order } = await liveStore(1);

        const { store, engine } = openDamagedCopy(
          harness,
          changeRow('UPDATE pin_lockout SET wrong_pins_in_row = 0'),
        );

        expect(store.report.problems).toEqual([
          { kind: 'row_checksum', detail: expect.stringContaining('pin_lockout') as string },
        ]);
        expect(store.report.recovery?.restored.pinLockout).toBe('assumed');
        expect(engine.status().approvalsLockedUntil).toBeNull();
        await tryWrongPins(engine, order, 1);
        expect(engine.status().approvalsLockedUntil).toBe(harness.clock.now() + 30_000);
        harness.clock.advance(30_000);
        expect(codeOf(await engine.adjustOrder(refund(order, MAYA)))).toBe('ok');
        expect(lockoutRow(store.db)).toMatchObject({ wrong_pins_in_row: 0, lockouts: 0 });
        engine.close();
      });

      it('a store rebuilt from the journal alone, its database gone, assumes the threshold too', async () => {
        const { harness } = await liveStore(0);

        const { store, engine } = openDamagedCopy(harness, (copy) => {
          adapter.files.remove(copy);
          adapter.files.remove(`${copy}-wal`);
          adapter.files.remove(`${copy}-shm`);
        });

        expect(store.report.recovery?.restored.pinLockout).toBe('assumed');
        expect(lockoutRow(store.db)).toEqual({
          wrong_pins_in_row: 5,
          lockouts: 0,
          locked_until: null,
        });
        engine.close();
      });

      it('a store whose -wal was lost with the last wrong PINs finds it by the journal, and assumes the threshold at least', async () => {
        const { harness, order } = await liveStore(1);
        harness.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
        await tryWrongPins(harness.engine, order, 2);

        const { store, engine } = openDamagedCopy(harness, (copy) => {
          adapter.files.remove(`${copy}-wal`);
          adapter.files.remove(`${copy}-shm`);
        });

        expect(store.report.problems).toEqual([
          expect.objectContaining({
            detail: expect.stringMatching(/^the journal saw transaction/) as string,
          }),
        ]);
        expect(store.report.recovery?.restored.pinLockout).toBe('assumed');
        expect(lockoutRow(store.db)).toEqual({
          wrong_pins_in_row: 5,
          lockouts: 0,
          locked_until: null,
        });
        engine.close();
      });

      it('a store rebuilt from a readable file with no wrong PIN behind it has no count', async () => {
        const { harness, order } = await liveStore(0);

        const { store, engine } = openDamagedCopy(
          harness,
          changeRow('UPDATE orders SET total_cents = 1 WHERE id = ?', [order.id]),
        );

        expect(store.report.recovery?.restored.pinLockout).toBe('none');
        expect(lockoutRow(store.db)).toBeUndefined();
        engine.close();
      });
    });
  });
}
