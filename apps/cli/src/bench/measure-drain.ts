import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseKind } from '@tabline/database';
import { createHttpSyncTransport } from '@tabline/pos';
import { openNodePosEngine, openNodeSqliteDatabase } from '@tabline/pos/node';
import type { OrderPayload, PlaceOrderWorkItem } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import { POS_V8_FLAGS } from '../pos-v8-flags.ts';
import { BENCH_OFFLINE_LIMIT_CENTS, placeBenchOrders } from './bench-orders.ts';
import { runPosProcess } from './run-pos-process.ts';

export interface DrainFigures {
  readonly backend: DatabaseKind;
  readonly orders: number;
  readonly seconds: number;
  readonly ordersPerSec: number;
  /** The payloads pushed, for the raw baseline. */
  readonly payloads: readonly OrderPayload[];
}

/**
 * One device comes back online with `orders` queued and drains them into a
 * server (API only, no workers, so this is intake) on a fresh database:
 * HTTP, authentication, validation, idempotency records, orders, items and a
 * job per order, batch after batch until the outbox is empty. The orders are
 * placed here; the drain runs in a POS process of its own, as `tabline pos`
 * runs (`POS_V8_FLAGS`), since a device does its share of a push (reading
 * the batch, applying the answer) on its own processor, not the server's.
 * PGlite keeps its files in a directory on disk, as the embedded default
 * does. Each drain starts from a new POS store and a new database.
 */
export async function measureDrain(
  kind: DatabaseKind,
  options: { orders: number; workDir: string; adminUrl?: string },
): Promise<DrainFigures> {
  const dir = await mkdtemp(join(options.workDir, `drain-${kind}-`));
  const test = await createTestDatabase(kind, {
    ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
    pgliteDataDir: join(dir, 'pglite'),
  });
  const stack = await startTestStack(test, { workers: false });
  try {
    const fixture = await createEventFixture(test.database, {
      attendees: 50,
      // A device that queues thousands of orders: no offline cap in the way.
      offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
    });
    const file = join(dir, 'pos.db');
    const engine = openNodePosEngine(file, {
      transport: createHttpSyncTransport({ baseUrl: stack.url, deviceToken: fixture.deviceToken }),
    });
    try {
      const pulled = await engine.pull();
      if (pulled.error) throw new Error(`pull failed: ${pulled.error.message}`);
      placeBenchOrders(
        engine,
        options.orders,
        fixture.attendees.map((attendee) => attendee.wristbandUid),
      );
    } finally {
      engine.close();
    }
    const payloads = readQueuedPayloads(file);
    const { seconds } = await runPosProcess(POS_V8_FLAGS, [
      'drain',
      file,
      stack.url,
      fixture.deviceToken,
    ]);
    return {
      backend: kind,
      orders: options.orders,
      seconds,
      ordersPerSec: options.orders / seconds,
      payloads,
    };
  } finally {
    await stack.stop();
    await test.dispose();
  }
}

/** The payloads exactly as the outbox holds them, read beside the engine (WAL allows it). */
function readQueuedPayloads(file: string): OrderPayload[] {
  const db = openNodeSqliteDatabase(file);
  try {
    return db
      .all<{ payload: string }>('select payload from outbox order by seq')
      .map((row) => (JSON.parse(row.payload) as PlaceOrderWorkItem).payload);
  } finally {
    db.close();
  }
}

/** A fresh database with an event and a device, for the raw baseline's foreign keys. */
export async function rawBaselineDatabase(adminUrl: string) {
  const test = await createTestDatabase('postgres', { adminUrl });
  const fixture = await createEventFixture(test.database);
  return {
    test,
    scope: { eventId: fixture.eventId, deviceId: fixture.deviceId, locationId: fixture.locationId },
  };
}
