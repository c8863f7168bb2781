import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceOrder } from '../src/index.ts';
import type { PricedOrder, Promotion } from '../src/index.ts';
import {
  contextArb,
  linesArb,
  promotionArb,
  promotionsArb,
  stackableArb,
} from './pricing-arbitraries.ts';

/**
 * Properties of pricing over any order, promotions and context. fast-check
 * prints the seed and the shrunk counterexample of a failure; rerun it with
 * `fc.assert(…, { seed, path })`.
 */
const RUNS = { numRuns: 2000 };

/** The reconciliation a receipt and a ledger rely on, checked from the outside. */
function expectReconciles(order: PricedOrder): void {
  let amounts = 0;
  let discounts = 0;
  for (const line of order.lines) {
    expect(Number.isSafeInteger(line.discountCents)).toBe(true);
    expect(line.amountCents).toBe(line.unitPriceCents * line.quantity);
    expect(line.discountCents).toBeGreaterThanOrEqual(0);
    expect(line.discountCents).toBeLessThanOrEqual(line.amountCents);
    amounts += line.amountCents;
    discounts += line.discountCents;
  }
  const applied = order.applied.reduce((sum, a) => sum + a.discountCents, 0);
  expect(order.subtotalCents).toBe(amounts);
  expect(order.discountCents).toBe(discounts);
  expect(order.discountCents).toBe(applied);
  expect(order.totalCents).toBe(order.subtotalCents - order.discountCents);
  expect(order.totalCents).toBeGreaterThanOrEqual(0);
}

/** Every way the given promotions could arrive: the same set, shuffled. */
const withShuffled = promotionsArb.chain((promotions) =>
  fc.tuple(
    fc.constant(promotions),
    fc.shuffledSubarray(promotions, {
      minLength: promotions.length,
      maxLength: promotions.length,
    }),
  ),
);

describe('pricing, for any order and promotions', () => {
  it('never makes a line negative and reconciles to the cent', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, contextArb, (lines, promotions, context) => {
        expectReconciles(priceOrder(lines, promotions, context));
      }),
      RUNS,
    );
  });

  it('gives the same result whatever order the promotions arrive in', () => {
    fc.assert(
      fc.property(linesArb, withShuffled, contextArb, (lines, [promotions, shuffled], context) => {
        expect(priceOrder(lines, shuffled, context)).toEqual(
          priceOrder(lines, promotions, context),
        );
      }),
      RUNS,
    );
  });

  it('charges the subtotal when there are no promotions', () => {
    fc.assert(
      fc.property(linesArb, contextArb, (lines, context) => {
        const order = priceOrder(lines, [], context);
        expect(order.totalCents).toBe(order.subtotalCents);
        expect(order.lines.every((line) => line.discountCents === 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never lets a promotion take more than its cap', () => {
    fc.assert(
      fc.property(linesArb, promotionsArb, contextArb, (lines, promotions, context) => {
        const byId = new Map(promotions.map((p) => [p.id, p]));
        for (const applied of priceOrder(lines, promotions, context).applied) {
          const cap = byId.get(applied.promotionId)!.capCents;
          if (cap !== null) expect(applied.discountCents).toBeLessThanOrEqual(cap);
        }
      }),
      RUNS,
    );
  });

  it('never raises any line price when a stackable promotion is added to stackable ones', () => {
    const stackables = fc.uniqueArray(stackableArb, { maxLength: 6, selector: (p) => p.id });
    fc.assert(
      fc.property(
        linesArb,
        stackables,
        stackableArb,
        contextArb,
        (lines, promotions, added, context) => {
          fc.pre(!promotions.some((p) => p.id === added.id));
          const before = priceOrder(lines, promotions, context);
          const after = priceOrder(lines, [...promotions, added], context);
          expect(after.totalCents).toBeLessThanOrEqual(before.totalCents);
          after.lines.forEach((line, index) => {
            expect(line.discountCents).toBeGreaterThanOrEqual(before.lines[index]!.discountCents);
          });
        },
      ),
      RUNS,
    );
  });

  it('never raises the total when the added promotion applies last, exclusive or not', () => {
    fc.assert(
      fc.property(
        linesArb,
        promotionsArb,
        promotionArb,
        contextArb,
        (lines, promotions, added, context) => {
          fc.pre(!promotions.some((p) => p.id === added.id));
          const lowest = Math.min(0, ...promotions.map((p) => p.priority));
          const last: Promotion = { ...added, priority: lowest - 1 };
          const before = priceOrder(lines, promotions, context);
          const after = priceOrder(lines, [...promotions, last], context);
          expect(after.totalCents).toBeLessThanOrEqual(before.totalCents);
        },
      ),
      RUNS,
    );
  });
});
