import { describe, expect, it } from 'vitest';
import {
  ORDER_ITEMS_MAX,
  checkOrderItems,
  normalizeWristbandUid,
  orderTotalCents,
  orderReference,
  receiptText,
  RECEIPT_TEXT_LENGTH_MAX,
} from '../src/index.ts';
import type { OrderItem } from '../src/index.ts';

const lager: OrderItem = {
  productId: 'p1',
  productName: 'Lager',
  categoryId: null,
  unitPriceCents: 650,
  quantity: 2,
  discountCents: 0,
  promotionIds: [],
};

describe('orders', () => {
  it('totals items in whole cents, less their discounts', () => {
    expect(orderTotalCents([lager, { ...lager, unitPriceCents: 99, quantity: 3 }])).toBe(1597);
    expect(orderTotalCents([{ ...lager, discountCents: 130 }])).toBe(1170);
  });

  it('refuses empty, oversized and fractional orders with their codes', () => {
    expect(checkOrderItems([])).toMatchObject({ ok: false, error: { code: 'order.empty' } });
    const many = Array.from({ length: ORDER_ITEMS_MAX + 1 }, () => lager);
    expect(checkOrderItems(many)).toMatchObject({ error: { code: 'order.too_many_items' } });
    expect(checkOrderItems([{ ...lager, quantity: 1.5 }])).toMatchObject({
      error: { code: 'order.quantity_invalid' },
    });
    expect(checkOrderItems([{ ...lager, quantity: 0 }])).toMatchObject({
      error: { code: 'order.quantity_invalid' },
    });
    expect(checkOrderItems([lager])).toEqual({ ok: true, value: undefined });
  });
});

describe('wristbands', () => {
  it('treat separators and case as the same band', () => {
    expect(normalizeWristbandUid(' tl-00:01 ')).toEqual({ ok: true, value: 'TL0001' });
  });

  it('refuse codes that are too short or hold other characters', () => {
    expect(normalizeWristbandUid('ab')).toMatchObject({ error: { code: 'wristband.invalid' } });
    expect(normalizeWristbandUid('TL0001;drop')).toMatchObject({ ok: false });
  });
});

describe('receipt text', () => {
  it('says what was bought, the total and the tab', () => {
    const text = receiptText({
      eventName: 'Summer Fest',
      items: [lager],
      totalCents: 1300,
      tabBalanceCents: 4250,
      currency: 'USD',
      reference: orderReference('0193a5e2-7c41-7b3d-9f2e-4d1c8a6b3f27'),
    });
    expect(text).toBe(
      'Summer Fest: 2x Lager = $13.00. Your tab: $42.50. Ref 8A6B3F27. Reply STOP to opt out.',
    );
  });

  it('stays within two segments for long orders', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ productName: `Item ${i}`, quantity: 1 }));
    const text = receiptText({
      eventName: 'Summer Fest',
      items,
      totalCents: 6000,
      tabBalanceCents: 6000,
      currency: 'USD',
      reference: 'FFFFFFFF',
    });
    expect(text.length).toBeLessThanOrEqual(RECEIPT_TEXT_LENGTH_MAX);
    expect(text).toMatch(/\+\d+ more = \$60\.00/);
  });
});
