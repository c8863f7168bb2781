import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareByAmounts } from '../src/index.ts';

/** Replay a failure with TEST_SEED=<seed>; fast-check prints the seed and counterexample. */
const SEED = Number(process.env['TEST_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe("an order's net shared over its lines", () => {
  it('gives each line its amount when the net is the total, and 0 when it is 0', () => {
    expect(shareByAmounts(1600, [650, 700, 250])).toEqual([650, 700, 250]);
    expect(shareByAmounts(0, [650, 700, 250])).toEqual([0, 0, 0]);
    expect(shareByAmounts(0, [0, 0])).toEqual([0, 0]);
  });

  it('shares any other net by cumulative floors, as the operating guide shows', () => {
    // Lines of 6.50, 7.00 and 2.50 with a net of 12.45 get 5.05, 5.45 and 1.95.
    expect(shareByAmounts(1245, [650, 700, 250])).toEqual([505, 545, 195]);
  });

  it('gives whole cents that sum to the net, never more than a line, for any lines', () => {
    const lines = fc.array(fc.integer({ min: 0, max: 10_000_000_000 }), {
      minLength: 1,
      maxLength: 200,
    });
    const order = lines
      .filter((amounts) => amounts.some((amount) => amount > 0))
      .chain((amounts) =>
        fc.tuple(
          fc.constant(amounts),
          fc.integer({ min: 0, max: amounts.reduce((sum, amount) => sum + amount, 0) }),
        ),
      );
    fc.assert(
      fc.property(order, ([amounts, netCents]) => {
        const shares = shareByAmounts(netCents, amounts);
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(netCents);
        shares.forEach((share, index) => {
          expect(Number.isSafeInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(amounts[index]!);
        });
      }),
      { seed: SEED },
    );
  });

  it('refuses a net past the total as a bug', () => {
    expect(() => shareByAmounts(1601, [650, 700, 250])).toThrow(/Invariant/);
    expect(() => shareByAmounts(-1, [650])).toThrow(/Invariant/);
  });
});
