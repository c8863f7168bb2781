import Value from 'typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Promotion } from '@tabline/domain';
import { PUSH_ITEMS_MAX, PushRequest, PushResponse } from '../src/index.ts';
import type { PlaceOrderWorkItem, PromotionRecord } from '../src/index.ts';

const item: PlaceOrderWorkItem = {
  kind: 'order.place',
  idempotencyKey: '0190a0a0-0000-7000-8000-000000000000',
  deviceSeq: 1,
  payload: {
    orderId: '0190a0a0-0000-7000-8000-000000000001',
    wristbandUid: 'TL0001',
    locationId: null,
    currency: 'USD',
    items: [
      {
        productId: '0190a0a0-0000-7000-8000-000000000002',
        productName: 'Lager',
        categoryId: null,
        unitPriceCents: 650,
        quantity: 2,
        discountCents: 0,
        promotionIds: [],
      },
    ],
    totalCents: 1300,
    placedAt: '2026-11-24T21:59:00.000Z',
    catalogVersion: 3,
  },
};

const withPayload = (change: Partial<PlaceOrderWorkItem['payload']>) => ({
  items: [{ ...item, payload: { ...item.payload, ...change } }],
});

describe('push request schema', () => {
  it('accepts a well-formed batch', () => {
    expect(Value.Check(PushRequest, { items: [item] })).toBe(true);
  });

  it('rejects fractional and negative money, unknown fields and oversized batches', () => {
    expect(Value.Check(PushRequest, withPayload({ totalCents: 12.5 }))).toBe(false);
    expect(Value.Check(PushRequest, withPayload({ totalCents: -1 }))).toBe(false);
    expect(Value.Check(PushRequest, { items: [{ ...item, extra: 1 }] })).toBe(false);
    const tooMany = Array.from({ length: PUSH_ITEMS_MAX + 1 }, () => item);
    expect(Value.Check(PushRequest, { items: tooMany })).toBe(false);
  });

  it('accepts a heartbeat with no items, the way an idle device reports in', () => {
    const heartbeat = {
      appVersion: '1.0.0',
      deviceTime: '2026-11-24T21:59:00.000Z',
      backlogCount: 0,
      amountAtRiskCents: 0,
      oldestQueuedAgeMs: null,
    };
    expect(Value.Check(PushRequest, { items: [], heartbeat })).toBe(true);
    expect(
      Value.Check(PushRequest, { items: [], heartbeat: { ...heartbeat, backlogCount: -1 } }),
    ).toBe(false);
  });

  it('rejects wristband codes that are not normalised and ids that are not UUIDs', () => {
    expect(Value.Check(PushRequest, withPayload({ wristbandUid: 'tl-0001' }))).toBe(false);
    expect(Value.Check(PushRequest, withPayload({ orderId: 'order-1' }))).toBe(false);
  });
});

describe('push response schema', () => {
  it('carries one accepted or rejected result per item', () => {
    const response = {
      serverTime: '2026-11-24T22:00:00.000Z',
      results: [
        {
          idempotencyKey: item.idempotencyKey,
          outcome: 'accepted',
          replayed: false,
          order: {
            orderId: item.payload.orderId,
            receivedAt: '2026-11-24T22:00:00.000Z',
            flags: [],
          },
        },
        {
          idempotencyKey: item.idempotencyKey,
          outcome: 'rejected',
          replayed: true,
          error: { code: 'order.total_mismatch', message: 'no' },
        },
      ],
    };
    expect(Value.Check(PushResponse, response)).toBe(true);
    expect(Value.Check(PushResponse, { ...response, results: [{ outcome: 'maybe' }] })).toBe(false);
  });
});

describe('promotion records', () => {
  it('can be priced with as they are pulled', () => {
    // Checked by the type checker (npm run typecheck).
    expectTypeOf<PromotionRecord>().toExtend<Promotion>();
  });
});
