import { assert } from './assert.ts';
import { MONEY_CENTS_MAX } from './limits.ts';

/**
 * An ISO 4217 currency code, such as `USD` or `EUR`. Each event has exactly
 * one; every amount in it is in that currency.
 */
export type CurrencyCode = string;

/**
 * An amount of money in the currency's minor units ("cents"), always an
 * integer. Floating point never touches money: amounts are added and
 * multiplied as integers, and formatted from their integer digits.
 */
export interface Money {
  readonly amountCents: number;
  readonly currency: CurrencyCode;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function isCurrencyCode(value: string): boolean {
  if (!CURRENCY_PATTERN.test(value)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: value });
    return true;
  } catch {
    return false;
  }
}

/** True for a whole number of cents within the range Tabline accepts. */
export function isValidCents(amountCents: number): boolean {
  return Number.isSafeInteger(amountCents) && Math.abs(amountCents) <= MONEY_CENTS_MAX;
}

export function money(amountCents: number, currency: CurrencyCode): Money {
  assert(isValidCents(amountCents), `amount must be integer cents, got ${amountCents}`);
  assert(CURRENCY_PATTERN.test(currency), `currency must be ISO 4217, got ${currency}`);
  return { amountCents, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assert(a.currency === b.currency, `cannot add ${a.currency} to ${b.currency}`);
  return money(a.amountCents + b.amountCents, a.currency);
}

/** The number of minor units in one major unit is 10^digits: 2 for USD, 0 for JPY. */
export function minorUnitDigits(currency: CurrencyCode): number {
  const options = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions();
  return options.maximumFractionDigits ?? 2;
}

/**
 * The exact decimal string of an amount, such as `-12.05` for -1205 cents of
 * USD. Built from the integer's digits, so no binary fraction is involved.
 */
export function toDecimalString(value: Money): string {
  const digits = minorUnitDigits(value.currency);
  const sign = value.amountCents < 0 ? '-' : '';
  const units = String(Math.abs(value.amountCents)).padStart(digits + 1, '0');
  if (digits === 0) return sign + units;
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * Formats an amount for people, such as `$12.05`. Intl formats the exact
 * decimal string (Intl.NumberFormat accepts decimal strings without rounding
 * them through a float).
 */
export function formatMoney(value: Money, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency });
  return format.format(toDecimalString(value) as Intl.StringNumericLiteral);
}
