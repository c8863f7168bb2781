import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideOrderCharge, reversalCents } from '../src/index.ts';

/** Replay a failure with TEST_SEED=<seed>; fast-check prints the seed and counterexample. */
const SEED = Number(process.env['TEST_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe('what a tab is charged for an order', () => {
  it('charges the device total, unflagged, when the server priced the same', () => {
    expect(decideOrderCharge(1600, 1600)).toEqual({ chargedCents: 1600, flag: null });
    expect(decideOrderCharge(0, 0)).toEqual({ chargedCents: 0, flag: null });
  });

  it("charges the server's lower total, and flags it", () => {
    expect(decideOrderCharge(1600, 1200)).toEqual({
      chargedCents: 1200,
      flag: 'pricing.server_lower',
    });
  });

  it('never charges more than the device showed, and flags the difference', () => {
    expect(decideOrderCharge(1200, 1600)).toEqual({
      chargedCents: 1200,
      flag: 'pricing.device_lower',
    });
  });

  it('refuses amounts that are not whole cents as bugs', () => {
    expect(() => decideOrderCharge(10.5, 10)).toThrow(/Invariant/);
    expect(() => decideOrderCharge(10, -1)).toThrow(/Invariant/);
  });
});

describe('what a void or refund takes back from the tab', () => {
  it('takes its amount while the charge lasts, then what is left, then nothing', () => {
    const charge = { chargedCents: 1400, reversedCents: 0 };
    expect(reversalCents(250, charge)).toBe(250);
    expect(reversalCents(1350, { ...charge, reversedCents: 250 })).toBe(1150);
    expect(reversalCents(100, { ...charge, reversedCents: 1400 })).toBe(0);
  });

  it(`never takes back more than was charged in total, over any adjustments (seed ${SEED})`, () => {
    console.log(`reversal property: seed ${SEED} (TEST_SEED=${SEED} replays it)`);
    const adjustmentsArb = fc
      .record({ deviceTotal: fc.integer({ min: 0, max: 100_000 }), cut: fc.nat({ max: 100_000 }) })
      .chain(({ deviceTotal, cut }) =>
        fc.record({
          deviceTotal: fc.constant(deviceTotal),
          charged: fc.constant(Math.max(0, deviceTotal - cut)),
          // Refunds as the server accepts them: together within the device total.
          refunds: fc.array(fc.nat({ max: deviceTotal }), { maxLength: 10 }),
          voidAtEnd: fc.boolean(),
        }),
      );
    fc.assert(
      fc.property(adjustmentsArb, ({ deviceTotal, charged, refunds, voidAtEnd }) => {
        const accepted: number[] = [];
        let adjusted = 0;
        for (const amount of refunds) {
          if (adjusted + amount > deviceTotal) continue;
          accepted.push(amount);
          adjusted += amount;
        }
        if (voidAtEnd) accepted.push(deviceTotal - adjusted);
        let reversed = 0;
        for (const amount of accepted) {
          const taken = reversalCents(amount, { chargedCents: charged, reversedCents: reversed });
          expect(taken).toBeGreaterThanOrEqual(0);
          expect(taken).toBeLessThanOrEqual(amount);
          reversed += taken;
        }
        expect(reversed).toBeLessThanOrEqual(charged);
        if (voidAtEnd) expect(reversed).toBe(charged);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
