import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER, PUSH_PATH } from '@tabline/protocol';
import type { PushResponse } from '@tabline/protocol';
import { upsertAttendee, upsertDevice } from '@tabline/server';
import { processOrder } from '@tabline/workers';
import type { ProcessOrderDependencies } from '@tabline/workers';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { Database } from '@tabline/database';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { ORDERS_CSV_HEADER, ordersCsv } from '../src/admin/exports/orders-csv.ts';
import { TABS_CSV_HEADER, tabsCsv } from '../src/admin/exports/tabs-csv.ts';
import { parseCsv } from './support/parse-csv.ts';

/** A name a spreadsheet would run as a formula, with a quote and a comma for good measure. */
const FORMULA_NAME = '=HYPERLINK("https://evil.example","win"), Jr.';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: CSV exports on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    let deps: ProcessOrderDependencies;
    // Bahraini dinars have three decimals: 650 fils are 0.650.
    let event: EventFixture;
    const sessions = { manager: '', cashier: '', stranger: '' };
    const orderIds: string[] = [];

    const csv = async (what: 'orders' | 'tabs', session = sessions.manager) =>
      fetch(`${ctx.stack.url}/v1/events/${event.eventId}/exports/${what}.csv`, {
        headers: { authorization: `Bearer ${session}` },
      });
    const linesOf = async (lines: AsyncGenerator<string>) => {
      let text = '';
      for await (const chunk of lines) text += chunk;
      return text;
    };

    beforeAll(async () => {
      const db = ctx.test.database;
      deps = { db, jobs: ctx.stack.jobs, clock: systemClock, random: cryptoRandom };
      event = await createEventFixture(db, { currency: 'BHD' });
      const staff = await createStaffFixture(db, event);
      sessions.manager = await signInStaff(ctx.stack.url, staff.manager);
      sessions.cashier = await signInStaff(ctx.stack.url, staff.cashier);
      const stranger = await createEventFixture(db);
      sessions.stranger = await signInStaff(
        ctx.stack.url,
        (await createStaffFixture(db, stranger)).owner,
      );
      const [first, second] = event.attendees;
      await upsertAttendee(db, {
        id: first!.id,
        eventId: event.eventId,
        name: FORMULA_NAME,
        phone: first!.phone,
        tier: 'standard',
      });
      await upsertDevice(db, {
        id: event.deviceId,
        eventId: event.eventId,
        locationId: event.locationId,
        name: '+Till "front"',
      });
      const bands = [first!.wristbandUid, second!.wristbandUid, 'NOSUCHBAND3', first!.wristbandUid];
      for (const [index, band] of bands.entries()) {
        const item = placeOrderItem(event, {
          deviceSeq: index + 1,
          wristbandUid: band,
          quantities: [index + 1, 1, 0],
        });
        const response = await fetch(ctx.stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${event.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items: [item] }),
        });
        expect(((await response.json()) as PushResponse).results[0]!.outcome).toBe('accepted');
        orderIds.push(item.payload.orderId);
      }
      // The last stays pending; the first is refunded in part; the unknown band's is reviewed.
      for (const orderId of orderIds.slice(0, 3)) await processOrder(deps, orderId);
      const refund = await fetch(
        `${ctx.stack.url}/v1/events/${event.eventId}/orders/${orderIds[0]}/adjustments`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sessions.manager}`,
            'content-type': 'application/json',
            [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
          },
          body: JSON.stringify({ kind: 'refund', amountCents: 125, reason: 'spilt' }),
        },
      );
      expect(refund.status).toBe(201);
      await processOrder(deps, orderIds[0]!);
      const review = await fetch(
        `${ctx.stack.url}/v1/events/${event.eventId}/orders/${orderIds[2]}/review`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sessions.manager}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ reason: '@SUM(1+1) found the band' }),
        },
      );
      expect(review.status).toBe(200);
    });

    it('streams the orders as an attachment, one RFC 4180 line each, oldest first', async () => {
      const response = await csv('orders');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="tabline-${event.eventId}-orders.csv"`,
      );
      // Streamed: no length known up front.
      expect(response.headers.get('content-length')).toBeNull();
      const bytes = new Uint8Array(await response.arrayBuffer());
      // UTF-8's byte-order mark first, for Excel (text() would drop it).
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes));
      expect(header).toEqual([...ORDERS_CSV_HEADER]);
      expect(rows.map((row) => row[0])).toEqual(orderIds);
      const cell = (row: string[], column: (typeof ORDERS_CSV_HEADER)[number]) =>
        row[ORDERS_CSV_HEADER.indexOf(column)];
      const [refunded, plain, unknownBand, pending] = rows;
      // 1 lager (650) and 1 cider (700) fils; 125 refunded.
      expect(cell(refunded!, 'attendee_name')).toBe(`'${FORMULA_NAME}`);
      expect(cell(refunded!, 'device_name')).toBe(`'+Till "front"`);
      expect(cell(refunded!, 'currency')).toBe('BHD');
      expect(cell(refunded!, 'total')).toBe('1.350');
      expect(cell(refunded!, 'charged')).toBe('1.350');
      expect(cell(refunded!, 'adjusted')).toBe('0.125');
      expect(cell(refunded!, 'items')).toBe('1 x Lager; 1 x Cider');
      expect(cell(plain!, 'total')).toBe('2.000');
      expect(cell(plain!, 'items')).toBe('2 x Lager; 1 x Cider');
      expect(cell(unknownBand!, 'charged')).toBe('0.000');
      expect(cell(unknownBand!, 'flags')).toBe('wristband.unknown');
      expect(cell(unknownBand!, 'needs_review')).toBe('false');
      expect(cell(unknownBand!, 'review_reason')).toBe(`'@SUM(1+1) found the band`);
      expect(cell(unknownBand!, 'attendee_name')).toBe('');
      expect(cell(pending!, 'status')).toBe('received');
      expect(cell(pending!, 'charged')).toBe('');
      expect(Date.parse(cell(pending!, 'received_at')!)).not.toBeNaN();
    });

    it('streams the tabs with their figures from the ledger', async () => {
      const response = await csv('tabs');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="tabline-${event.eventId}-tabs.csv"`,
      );
      const [header, ...rows] = parseCsv(await response.text());
      expect(header).toEqual([...TABS_CSV_HEADER]);
      const cell = (row: string[], column: (typeof TABS_CSV_HEADER)[number]) =>
        row[TABS_CSV_HEADER.indexOf(column)];
      const byName = new Map(rows.map((row) => [cell(row, 'attendee_name'), row]));
      expect(rows).toHaveLength(2);
      const formula = byName.get(`'${FORMULA_NAME}`)!;
      expect(cell(formula, 'wristbands')).toBe(event.attendees[0]!.wristbandUid);
      expect(cell(formula, 'charged')).toBe('1.350');
      expect(cell(formula, 'refunded')).toBe('0.125');
      expect(cell(formula, 'balance')).toBe('1.225');
      expect(cell(formula, 'orders')).toBe('1');
      expect(cell(byName.get('Guest 1')!, 'balance')).toBe('2.000');
    });

    it('reads in batches along the keyset, skipping and repeating nothing', async () => {
      const db = ctx.test.database;
      const whole = await linesOf(ordersCsv(db, event.eventId));
      for (const batchRows of [1, 2, 3]) {
        expect(await linesOf(ordersCsv(db, event.eventId, batchRows))).toBe(whole);
      }
      const tabs = await linesOf(tabsCsv(db, event.eventId));
      expect(await linesOf(tabsCsv(db, event.eventId, 1))).toBe(tabs);
    });

    it('answers managers of the event only, with problems', async () => {
      const cashier = await csv('orders', sessions.cashier);
      expect([cashier.status, ((await cashier.json()) as { code: string }).code]).toEqual([
        403,
        'auth.forbidden',
      ]);
      const stranger = await csv('tabs', sessions.stranger);
      expect([stranger.status, ((await stranger.json()) as { code: string }).code]).toEqual([
        404,
        'resource.not_found',
      ]);
    });
  });

  describe(`a CSV export cut short on ${kind}`, () => {
    it('cuts the connection when a read fails part-way, so no short file passes for whole', async () => {
      const test = await createTestDatabase(kind);
      // The API's database fails every read of order lines: the second statement of an export.
      const failing: Database = {
        ...test.database,
        query: (statement, params) =>
          (typeof statement === 'string' ? statement : statement.text).includes(
            'from order_items where order_id = any',
          )
            ? Promise.reject(new Error('connection lost'))
            : test.database.query(statement, params),
      };
      const stack = await startTestStack(test, { workers: false, serverDatabase: failing });
      try {
        const event = await createEventFixture(test.database);
        const item = placeOrderItem(event);
        await fetch(stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${event.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items: [item] }),
        });
        const manager = await signInStaff(
          stack.url,
          (await createStaffFixture(test.database, event)).manager,
        );
        const response = await fetch(`${stack.url}/v1/events/${event.eventId}/exports/orders.csv`, {
          headers: { authorization: `Bearer ${manager}` },
        });
        expect(response.status).toBe(200);
        await expect(response.text()).rejects.toThrow();
      } finally {
        await stack.stop();
        await test.dispose();
      }
    });
  });
}
