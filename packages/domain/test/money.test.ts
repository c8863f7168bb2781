import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MONEY_CENTS_MAX,
  addMoney,
  formatMoney,
  isCurrencyCode,
  money,
  toDecimalString,
} from '../src/index.ts';

describe('money', () => {
  it('formats cents exactly, from their digits', () => {
    expect(toDecimalString(money(1205, 'USD'))).toBe('12.05');
    expect(toDecimalString(money(-5, 'EUR'))).toBe('-0.05');
    expect(toDecimalString(money(1205, 'JPY'))).toBe('1205');
    expect(toDecimalString(money(1205, 'BHD'))).toBe('1.205');
    expect(formatMoney(money(123456789, 'USD'))).toBe('$1,234,567.89');
  });

  it('round-trips every amount through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MONEY_CENTS_MAX, max: MONEY_CENTS_MAX }), (cents) => {
        const text = toDecimalString(money(cents, 'USD'));
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(cents));
      }),
    );
  });

  it('refuses fractional cents and mixed currencies as bugs', () => {
    expect(() => money(1.5, 'USD')).toThrow(/integer cents/);
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/cannot add/);
  });

  it('knows ISO currency codes', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('US')).toBe(false);
  });
});
