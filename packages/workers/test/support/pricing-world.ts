import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SqlClient } from '@tabline/database';
import { priceOrder } from '@tabline/domain';
import type { AttendeeTier, Promotion } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER, PUSH_PATH } from '@tabline/protocol';
import type { AdjustOrderRequest, PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { upsertPromotion } from '@tabline/server';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';

/**
 * Helpers for the tests of server-side pricing: promotions stored as an
 * organiser would, orders priced as a POS would with what it knew, pushed
 * through the real API, and what the processor made of them.
 */

/** Stores promotions for the event, checked as the admin API checks them; returns them as stored. */
export async function storePromotions(
  db: SqlClient,
  eventId: string,
  promotions: readonly Promotion[],
): Promise<Promotion[]> {
  const stored: Promotion[] = [];
  for (const promotion of promotions) {
    const result = await upsertPromotion(db, eventId, promotion);
    if (!result.ok) throw new Error(`promotion refused: ${result.error.message}`);
    stored.push(result.value);
  }
  return stored;
}

/** The event's catalog cursor now: an order priced with it is not `catalog.stale`. */
export async function catalogCursor(db: SqlClient, eventId: string): Promise<number> {
  const { rows } = await db.query<{ cursor: number }>(
    `select greatest(
       coalesce((select max(sync_seq) from products where event_id = $1), 0),
       coalesce((select max(sync_seq) from categories where event_id = $1), 0),
       coalesce((select max(sync_seq) from promotions where event_id = $1), 0)) as cursor`,
    [eventId],
  );
  return rows[0]!.cursor;
}

/**
 * An `order.place` work item as a POS prices it: the fixture's products (in
 * the fixture's category) in the given quantities, priced with the
 * promotions and the tier the device knows, at `placedAt` in the event's
 * time zone.
 */
export function devicePricedOrder(
  fixture: EventFixture,
  options: {
    wristbandUid: string;
    quantities: readonly number[];
    placedAt: number;
    promotions: readonly Promotion[];
    tier: AttendeeTier | null;
    catalogVersion: number;
  },
): PlaceOrderWorkItem {
  const item = placeOrderItem(fixture, {
    wristbandUid: options.wristbandUid,
    quantities: options.quantities,
    placedAt: new Date(options.placedAt).toISOString(),
  });
  const lines = item.payload.items.map((line) => ({ ...line, categoryId: fixture.categoryId }));
  const priced = priceOrder(lines, options.promotions, {
    placedAt: options.placedAt,
    timeZone: fixture.timeZone,
    tier: options.tier,
  });
  return {
    ...item,
    payload: {
      ...item.payload,
      items: lines.map((line, index) => ({
        ...line,
        discountCents: priced.lines[index]!.discountCents,
        promotionIds: [...priced.lines[index]!.promotionIds],
      })),
      totalCents: priced.totalCents,
      catalogVersion: options.catalogVersion,
    },
  };
}

/** Pushes work items as the fixture's device and expects every one accepted. */
export async function pushAccepted(
  baseUrl: string,
  fixture: EventFixture,
  items: readonly PlaceOrderWorkItem[],
): Promise<string[]> {
  const response = await fetch(baseUrl + PUSH_PATH, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${fixture.deviceToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ items }),
  });
  expect(response.status).toBe(200);
  const { results } = (await response.json()) as PushResponse;
  expect(results.map((result) => result.outcome)).toEqual(items.map(() => 'accepted'));
  return items.map((item) => item.payload.orderId);
}

/** A void or refund made online by a manager (or owner); returns the HTTP status. */
export async function adjustOnline(
  baseUrl: string,
  sessionToken: string,
  target: { eventId: string; orderId: string },
  request: AdjustOrderRequest,
): Promise<number> {
  const response = await fetch(
    `${baseUrl}/v1/events/${target.eventId}/orders/${target.orderId}/adjustments`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessionToken}`,
        'content-type': 'application/json',
        [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
      },
      body: JSON.stringify(request),
    },
  );
  await response.body?.cancel();
  return response.status;
}

/** What the processor recorded for an order, and the ledger of its tab. */
export interface ChargedOrder {
  readonly totalCents: number;
  readonly chargedCents: number | null;
  readonly flags: string[];
  /** The order's own ledger entry, then its reversals, in the order written. */
  readonly entries: { kind: string; amountCents: number }[];
  /** Null when the order is on no tab. */
  readonly tab: { balanceCents: number; ledgerCents: number } | null;
}

export async function readChargedOrder(db: SqlClient, orderId: string): Promise<ChargedOrder> {
  const { rows } = await db.query<ChargedOrder>(
    `select o.total_cents as "totalCents", o.charged_cents as "chargedCents", o.flags,
            (select coalesce(json_agg(json_build_object('kind', l.kind, 'amountCents', l.amount_cents)
                                      order by l.id), '[]'::json)
             from ledger_entries l where l.order_id = o.id) as entries,
            (select json_build_object(
                      'balanceCents', t.balance_cents,
                      'ledgerCents', (select coalesce(sum(l.amount_cents), 0)
                                      from ledger_entries l where l.tab_id = t.id))
             from tabs t where t.id = o.tab_id) as tab
     from orders o where o.id = $1`,
    [orderId],
  );
  return rows[0]!;
}
