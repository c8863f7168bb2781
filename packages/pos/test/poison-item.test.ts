import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '@tabline/domain';
import { setPinAndUnlock } from '@tabline/testkit/adjust-order-item';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { createHttpSyncTransport } from '../src/index.ts';
import { openNodePosEngine } from '../src/node/index.ts';
import { poisoningTransport } from './support/poisoning-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

const BEHIND = 1000;

describe('a poison item at the head of the queue', () => {
  const tempDir = useTempDir();
  let test: TestDatabase;
  let stack: TestStack;
  beforeAll(async () => {
    test = await createTestDatabase('pglite');
    stack = await startTestStack(test, { workers: false });
  });
  afterAll(async () => {
    await stack?.stop();
    await test?.dispose();
  });

  /**
   * A POS of the fixture's device, its catalog pulled, whose pushes spoil
   * the items named in `poisoned`, and a way to place one-lager orders on
   * the fixture's bands in turn.
   */
  const openPoisonedPos = async (fixture: EventFixture, seed: number) => {
    const poisoned = new Set<string>();
    const engine = openNodePosEngine(join(tempDir(), 'pos.db'), {
      transport: poisoningTransport(
        createHttpSyncTransport({ baseUrl: stack.url, deviceToken: fixture.deviceToken }),
        poisoned,
      ),
      random: createSeededRandom(seed),
    });
    expect((await engine.pull()).error).toBeNull();
    const bands = fixture.attendees.map((attendee) => attendee.wristbandUid);
    const place = (i: number) => {
      const placed = engine.placeOrder({
        wristbandUid: bands[i % bands.length]!,
        items: [{ productId: fixture.products[0]!.id, quantity: 1 }],
      });
      if (!placed.ok) throw new Error(placed.error.message);
      return placed.value.id;
    };
    return { engine, poisoned, place };
  };

  it(`is parked with its reason, and the ${BEHIND} orders behind it sync`, async () => {
    const fixture = await createEventFixture(test.database, { attendees: 50 });
    const { engine, poisoned, place } = await openPoisonedPos(fixture, 11);
    try {
      const poison = place(0);
      poisoned.add(poison);
      const behind = Array.from({ length: BEHIND }, (_, i) => place(i + 1));

      let report = await engine.sync();
      while (report.remaining !== 0 && report.error === null) report = await engine.sync();

      expect(report.error).toBeNull();
      expect(engine.status()).toMatchObject({ backlogCount: 0, rejectedCount: 1 });
      expect(engine.rejectedItems()).toEqual([
        expect.objectContaining({ orderId: poison, code: 'order.total_mismatch' }),
      ]);
      const { rows } = await test.database.query<{ id: string }>(
        'select id from orders where device_id = $1 order by device_seq',
        [fixture.deviceId],
      );
      expect(rows.map((row) => row.id)).toEqual(behind);
    } finally {
      engine.close();
    }
  });

  it(`parks a refund the server refuses (its approval altered), and the ${BEHIND} orders behind it sync`, async () => {
    const fixture = await createEventFixture(test.database, { attendees: 50 });
    const staff = await createStaffFixture(test.database, fixture);
    await setPinAndUnlock(stack.url, {
      sessionToken: await signInStaff(stack.url, staff.manager),
      deviceToken: fixture.deviceToken,
      staffUserId: staff.manager.id,
      pin: '4821',
    });
    const { engine, poisoned, place } = await openPoisonedPos(fixture, 12);
    try {
      const refunded = place(0);
      const refund = await engine.adjustOrder({
        orderId: refunded,
        kind: 'refund',
        amountCents: 100,
        reason: 'Spilled',
        approver: { staffUserId: staff.manager.id, pin: '4821' },
      });
      if (!refund.ok) throw new Error(refund.error.message);
      poisoned.add(refund.value.id);
      const behind = Array.from({ length: BEHIND }, (_, i) => place(i + 1));

      let report = await engine.sync();
      while (report.remaining !== 0 && report.error === null) report = await engine.sync();

      expect(report.error).toBeNull();
      expect(engine.status()).toMatchObject({ backlogCount: 0, rejectedCount: 1 });
      expect(engine.rejectedItems()).toEqual([
        expect.objectContaining({
          kind: 'order.adjust',
          orderId: refunded,
          code: 'approval.invalid',
          adjustment: expect.objectContaining({ id: refund.value.id }) as unknown,
        }),
      ]);
      const { rows } = await test.database.query<{ id: string }>(
        'select id from orders where device_id = $1 order by device_seq',
        [fixture.deviceId],
      );
      expect(rows.map((row) => row.id)).toEqual([refunded, ...behind]);
      const adjustments = await test.database.query(
        'select id from order_adjustments where order_id = $1',
        [refunded],
      );
      expect(adjustments.rows).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
