import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@tabline/database';
import type { PlaceOrderWorkItem } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import { startBenchServer } from './bench-server.ts';
import type { BenchServer } from './bench-server.ts';
import { startBenchSmsProvider } from './bench-sms-provider.ts';
import { benchWorkItems } from './bench-work-items.ts';
import { pushOrders } from './push-orders.ts';
import type { RawProcessingOrder } from './raw-postgres-processing.ts';

/** The size of the processing throughput benchmark. */
export interface ProcessingSize {
  readonly orders: number;
  /** Attendees the orders are spread over, each with a phone (a receipt per order). */
  readonly attendees: number;
}

export interface ProcessingFigures {
  readonly seconds: number;
  readonly ordersPerSec: number;
}

/** How often the ledger is counted while the workers process the backlog. */
const POLL_INTERVAL_MS = 20;

/** Longest the backlog may take before the benchmark gives up. */
const PROCESSING_TIMEOUT_MS = 180_000;

/**
 * Processing throughput: a backlog of orders is pushed through the API with
 * the workers stopped; then the workers start (the order processor, and the
 * SMS sender sending the receipts to a healthy fake Twilio, as in
 * production) and the clock runs until every order has its ledger entry.
 */
export async function measureProcessing(
  adminUrl: string,
  size: ProcessingSize,
): Promise<ProcessingFigures> {
  const test = await createTestDatabase('postgres', { adminUrl });
  const sms = await startBenchSmsProvider('ok');
  try {
    const server = await startBenchServer(test);
    try {
      await queueBacklog(server, test.database, size);
      const started = performance.now();
      await server.startWorkers(sms.provider);
      await waitForLedgerEntries(server.db, size.orders);
      const seconds = (performance.now() - started) / 1000;
      return { seconds, ordersPerSec: size.orders / seconds };
    } finally {
      // The provider first: receipts still being sent then fail at once.
      await sms.fake.close();
      await server.stop();
    }
  } finally {
    await sms.fake.close();
    await test.dispose();
  }
}

/** The raw baseline's database, its backlog queued and its tabs open. */
export interface RawProcessingBaseline {
  readonly url: string;
  /** The backlog's orders, in the order they were pushed. */
  readonly orders: readonly RawProcessingOrder[];
  dispose(): Promise<void>;
}

/**
 * The raw baseline of the same size, on a database of its own: the same
 * backlog pushed through the API, and a tab opened for each attendee, ready
 * for the writes of processing with raw `pg` (`rawPostgresProcessing`).
 */
export async function prepareRawProcessing(
  adminUrl: string,
  size: ProcessingSize,
): Promise<RawProcessingBaseline> {
  const test = await createTestDatabase('postgres', { adminUrl });
  try {
    const server = await startBenchServer(test);
    const { fixture, items } = await queueBacklog(server, test.database, size).finally(() =>
      server.stop(),
    );
    const orders = await openTabs(test.database, fixture, items);
    return { url: test.url!, orders, dispose: () => test.dispose() };
  } catch (error) {
    await test.dispose();
    throw error;
  }
}

async function queueBacklog(server: BenchServer, db: Database, size: ProcessingSize) {
  const fixture = await createEventFixture(db, {
    attendees: size.attendees,
    offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
  });
  const bands = fixture.attendees.map((attendee) => attendee.wristbandUid);
  const items = benchWorkItems(fixture, size.orders, bands);
  await pushOrders(server.url, fixture.deviceToken, items);
  return { fixture, items };
}

async function waitForLedgerEntries(db: Database, count: number) {
  const deadline = performance.now() + PROCESSING_TIMEOUT_MS;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int8 as n from ledger_entries',
    );
    if (rows[0]!.n >= count) return;
    if (performance.now() > deadline) {
      throw new Error(`${rows[0]!.n} of ${count} orders processed in ${PROCESSING_TIMEOUT_MS} ms`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Opens every attendee's tab, and returns the orders with their tab and phone. */
async function openTabs(
  db: Database,
  fixture: EventFixture,
  items: readonly PlaceOrderWorkItem[],
): Promise<RawProcessingOrder[]> {
  const { rows } = await db.query<{ name: string }>('select name from events where id = $1', [
    fixture.eventId,
  ]);
  const eventName = rows[0]!.name;
  const byBand = new Map<string, { tabId: string; phone: string }>();
  for (const attendee of fixture.attendees) {
    const tabId = crypto.randomUUID();
    await db.query(
      'insert into tabs (id, event_id, attendee_id, currency) values ($1, $2, $3, $4)',
      [tabId, fixture.eventId, attendee.id, fixture.currency],
    );
    byBand.set(attendee.wristbandUid, { tabId, phone: attendee.phone });
  }
  return items.map(({ payload }) => ({
    ...byBand.get(payload.wristbandUid)!,
    orderId: payload.orderId,
    eventId: fixture.eventId,
    eventName,
    currency: payload.currency,
    totalCents: payload.totalCents,
    items: payload.items,
  }));
}
