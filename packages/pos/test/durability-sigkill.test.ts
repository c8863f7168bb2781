/**
 * Orders, voids and wrong PINs the engine answered survive the process
 * being killed right after (SIGKILL: no chance to close or flush): child
 * processes, so Node only. The browser's counterpart terminates the
 * engine's Worker (test/browser/worker-termination.test.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlacedAdjustment, PlacedOrder } from '../src/index.ts';
import { ADAPTERS } from './support/adapters.ts';
import { MAYA, approverRecord } from './support/approvers.ts';
import { LAGER, catalogPage } from './support/catalog.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { useTempDir } from './support/temp-dir.ts';

const CRASHING_CHILD = fileURLToPath(
  new URL('./support/place-order-then-crash.ts', import.meta.url),
);
const ADJUSTING_CHILD = fileURLToPath(
  new URL('./support/adjust-order-then-crash.ts', import.meta.url),
);

/** Runs a child that prints one result and kills itself; returns the result and the signal. */
async function runUntilKilled<T>(args: readonly string[]) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { signal, result: JSON.parse(output) as T };
}

for (const adapter of ADAPTERS) {
  describe(`durability through a SIGKILL on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    it('an order placeOrder returned survives the process being killed right after', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      harness.engine.close();

      const { signal, result: placed } = await runUntilKilled<{ ok: true; value: PlacedOrder }>([
        CRASHING_CHILD,
        harness.path,
        LAGER.id,
      ]);

      expect(signal).toBe('SIGKILL');
      expect(placed.ok).toBe(true);
      harness.reopen();
      expect(harness.engine.recentOrders()).toEqual([
        expect.objectContaining({ id: placed.value.id, totalCents: 1950, syncState: 'queued' }),
      ]);
      expect(harness.engine.queue()).toMatchObject([
        { seq: 1, orderId: placed.value.id, amountCents: 1950 },
      ]);
    });

    it('a void adjustOrder returned survives the process being killed right after', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
      const [order] = placeOrders(harness, 1);
      harness.engine.close();

      const { signal, result: voided } = await runUntilKilled<{
        ok: true;
        value: PlacedAdjustment;
      }>([ADJUSTING_CHILD, harness.path, order!.id, MAYA.staffUserId, MAYA.pin]);

      expect(signal).toBe('SIGKILL');
      expect(voided).toMatchObject({ ok: true, value: { orderId: order!.id, kind: 'void' } });
      harness.reopen();
      expect(harness.engine.recentOrders()).toEqual([
        expect.objectContaining({
          id: order!.id,
          voided: true,
          adjustments: [expect.objectContaining({ id: voided.value.id, status: 'queued' })],
        }),
      ]);
      expect(harness.engine.queue()).toMatchObject([
        { seq: 1, kind: 'order.place' },
        { seq: 2, kind: 'order.adjust', adjustment: { id: voided.value.id, kind: 'void' } },
      ]);
    });

    it('a wrong PIN adjustOrder answered is counted on disk though the process is killed right after', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog(catalogPage({ approvers: [await approverRecord(MAYA)] }));
      const [order] = placeOrders(harness, 1);
      for (let attempt = 0; attempt < 4; attempt++) {
        await harness.engine.adjustOrder({
          orderId: order!.id,
          kind: 'void',
          reason: 'Rung up twice',
          approver: { staffUserId: MAYA.staffUserId, pin: '0000' },
        });
      }
      harness.engine.close();

      const { signal, result: refused } = await runUntilKilled<{ ok: false }>([
        ADJUSTING_CHILD,
        harness.path,
        order!.id,
        MAYA.staffUserId,
        '0000',
      ]);

      expect(signal).toBe('SIGKILL');
      expect(refused).toMatchObject({ ok: false, error: { code: 'approval.pin_wrong' } });
      harness.reopen();
      // The child's clock is the system's, so the test reads the count, not the time.
      expect(harness.db.get('SELECT wrong_pins_in_row, lockouts FROM pin_lockout')).toEqual({
        wrong_pins_in_row: 5,
        lockouts: 1,
      });
    });
  });
}
