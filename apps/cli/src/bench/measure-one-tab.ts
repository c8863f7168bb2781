import { cryptoRandom, systemClock } from '@tabline/domain';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import { startBenchServer } from './bench-server.ts';
import { benchWorkItems } from './bench-work-items.ts';
import { pushOrders } from './push-orders.ts';

export interface OneTabTimings {
  /** Each call for the long tab, in order: the 1st order's first, the last order's last. */
  readonly longTabMs: readonly number[];
  /**
   * A second attendee's first `window` orders, each processed right after
   * one of the long tab's last `window`: a tab's first orders timed in the
   * same seconds as the long tab's last, whatever the machine was doing.
   */
  readonly freshTabMs: readonly number[];
}

/**
 * One attendee's tab taking `orders` orders: they are pushed through the API
 * (no workers), then processed one after the other by calling `processOrder`
 * directly, each call timed. Processing should cost the same whatever the
 * tab's history: the ledger is appended to and the balance moved, never
 * summed. The long tab's last `window` orders alternate with a fresh tab's
 * first `window`, a control measured at the same time.
 */
export async function measureOneTab(
  adminUrl: string,
  orders: number,
  window: number,
): Promise<OneTabTimings> {
  const test = await createTestDatabase('postgres', { adminUrl });
  try {
    const server = await startBenchServer(test);
    try {
      const fixture = await createEventFixture(test.database, {
        attendees: 2,
        offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
      });
      const [long, fresh] = fixture.attendees.map((attendee) => attendee.wristbandUid);
      const longItems = benchWorkItems(fixture, orders, [long!]);
      const freshItems = benchWorkItems(fixture, window, [fresh!], 2).map((item, i) => ({
        ...item,
        deviceSeq: orders + i + 1,
      }));
      await pushOrders(server.url, fixture.deviceToken, [...longItems, ...freshItems]);
      const deps = { db: server.db, jobs: server.jobs, clock: systemClock, random: cryptoRandom };
      const ids = (items: typeof longItems) => items.map((item) => item.payload.orderId);
      const longTabMs: number[] = [];
      const freshTabMs: number[] = [];
      for (const orderId of ids(longItems.slice(0, orders - window))) {
        longTabMs.push(await timeProcessOrder(deps, orderId));
      }
      const lastIds = ids(longItems.slice(orders - window));
      for (const [i, orderId] of lastIds.entries()) {
        longTabMs.push(await timeProcessOrder(deps, orderId));
        freshTabMs.push(await timeProcessOrder(deps, freshItems[i]!.payload.orderId));
      }
      return { longTabMs, freshTabMs };
    } finally {
      await server.stop();
    }
  } finally {
    await test.dispose();
  }
}

async function timeProcessOrder(deps: ProcessOrderDependencies, orderId: string) {
  const started = performance.now();
  const outcome = await processOrder(deps, orderId);
  const durationMs = performance.now() - started;
  if (outcome !== 'charged') throw new Error(`order ${orderId} was ${outcome}, not charged`);
  return durationMs;
}
