import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPromotion } from '../src/index.ts';
import type { Promotion } from '../src/index.ts';
import { promotionArb } from './pricing-arbitraries.ts';

const valid: Promotion = {
  id: '0190f3a1-2b3c-7d4e-8f60-0123456789ab',
  name: 'Happy hour',
  active: true,
  priority: 10,
  stacking: 'stackable',
  validFrom: Date.parse('2024-07-05T00:00:00Z'),
  validUntil: Date.parse('2024-07-08T00:00:00Z'),
  window: { startMinute: 22 * 60, endMinute: 2 * 60, daysOfWeek: [5, 6] },
  tiers: ['vip'],
  target: { kind: 'categories', categoryIds: ['0190f3a1-2b3c-7d4e-8f60-00000000000c'] },
  benefit: { kind: 'buy-x-get-y', buyQuantity: 2, getQuantity: 1, basisPoints: 10000 },
  capCents: 5000,
};

/** The problems checkPromotion finds in `valid` with `change` applied. */
function problemsWith(change: Record<string, unknown>) {
  const result = checkPromotion({ ...valid, ...change });
  if (result.ok) return [];
  expect(result.error.code).toBe('promotion.invalid');
  return result.error.problems;
}

describe('checking a promotion', () => {
  it('accepts a valid promotion and returns only its known fields', () => {
    expect(checkPromotion({ ...valid, createdBy: 'someone' })).toEqual({ ok: true, value: valid });
  });

  it('accepts every well-formed promotion of every kind', () => {
    const wellFormed = promotionArb.filter(
      (p) =>
        (p.window === null || p.window.startMinute !== p.window.endMinute) &&
        (p.validFrom === null || p.validUntil === null || p.validFrom < p.validUntil) &&
        (p.benefit.kind !== 'amount-off' || p.benefit.amountCents >= 1),
    );
    fc.assert(
      fc.property(wellFormed, (p) => {
        const targeted = { ...p, target: { kind: 'all' } as const };
        expect(checkPromotion(targeted)).toEqual({ ok: true, value: targeted });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses out-of-range benefits, naming the field', () => {
    const percent = (basisPoints: number) => ({ benefit: { kind: 'percent-off', basisPoints } });
    expect(problemsWith(percent(0))).toEqual([
      { path: '/benefit/basisPoints', message: 'must be from 1 to 10000' },
    ]);
    expect(problemsWith(percent(10001))).toMatchObject([{ path: '/benefit/basisPoints' }]);
    expect(problemsWith(percent(12.5))).toEqual([
      { path: '/benefit/basisPoints', message: 'must be a whole number' },
    ]);
    expect(problemsWith(percent(10000))).toEqual([]);
    const buyGet = { kind: 'buy-x-get-y', buyQuantity: 0, getQuantity: 1000, basisPoints: 1 };
    expect(problemsWith({ benefit: buyGet }).map((p) => p.path)).toEqual([
      '/benefit/buyQuantity',
      '/benefit/getQuantity',
    ]);
    expect(problemsWith({ benefit: { kind: 'amount-off', amountCents: -1 } })).toMatchObject([
      { path: '/benefit/amountCents' },
    ]);
    expect(problemsWith({ benefit: { kind: 'free-beer' } })).toMatchObject([
      { path: '/benefit/kind' },
    ]);
  });

  it('refuses windows outside the day, empty windows and repeated days', () => {
    const window = (w: object) => ({ window: { ...valid.window, ...w } });
    expect(problemsWith(window({ startMinute: -1 }))).toMatchObject([
      { path: '/window/startMinute' },
    ]);
    expect(problemsWith(window({ endMinute: 1441 }))).toMatchObject([
      { path: '/window/endMinute' },
    ]);
    expect(problemsWith(window({ startMinute: 600, endMinute: 600 }))).toEqual([
      { path: '/window/endMinute', message: 'must differ from startMinute' },
    ]);
    expect(problemsWith(window({ startMinute: 0, endMinute: 1440 }))).toEqual([]);
    expect(problemsWith(window({ daysOfWeek: [5, 5] }))).toEqual([
      { path: '/window/daysOfWeek/1', message: 'is in the list twice' },
    ]);
    expect(problemsWith(window({ daysOfWeek: [7] }))).toMatchObject([
      { path: '/window/daysOfWeek/0' },
    ]);
    expect(problemsWith(window({ daysOfWeek: [] }))).toMatchObject([
      { path: '/window/daysOfWeek', message: 'must be a non-empty list' },
    ]);
  });

  it('refuses empty lists where null means everyone, and unknown tiers', () => {
    expect(problemsWith({ tiers: [] })).toMatchObject([{ path: '/tiers' }]);
    expect(problemsWith({ tiers: ['gold'] })).toMatchObject([{ path: '/tiers/0' }]);
    expect(problemsWith({ target: { kind: 'products', productIds: [] } })).toMatchObject([
      { path: '/target/productIds' },
    ]);
    expect(problemsWith({ target: { kind: 'products', productIds: ['beer'] } })).toMatchObject([
      { path: '/target/productIds/0' },
    ]);
  });

  it('refuses a validity that ends before it starts, a negative cap and a bad id', () => {
    expect(problemsWith({ validUntil: valid.validFrom })).toEqual([
      { path: '/validUntil', message: 'must be after validFrom' },
    ]);
    expect(problemsWith({ capCents: -1 })).toMatchObject([{ path: '/capCents' }]);
    expect(problemsWith({ capCents: 0 })).toEqual([]);
    expect(problemsWith({ id: 'promo-1' })).toMatchObject([{ path: '/id' }]);
    expect(problemsWith({ priority: 1.5 })).toMatchObject([{ path: '/priority' }]);
  });

  it('lists every problem at once, and treats a missing field as a problem, not as null', () => {
    const { capCents: _dropped, ...withoutCap } = valid;
    const result = checkPromotion({ ...withoutCap, name: '  ', stacking: 'greedy' });
    expect(result).toMatchObject({ ok: false, error: { code: 'promotion.invalid' } });
    if (result.ok) return;
    expect(result.error.problems.map((p) => p.path)).toEqual(['/name', '/stacking', '/capCents']);
    expect(result.error.message).toContain('/stacking must be one of');
  });

  it('refuses what is not an object', () => {
    for (const input of [null, 'promotion', [valid]]) {
      expect(checkPromotion(input)).toMatchObject({
        ok: false,
        error: { problems: [{ path: '/', message: 'must be an object' }] },
      });
    }
  });
});
