import { money, toDecimalString } from '@tabline/domain';

/** Cents as the exact decimal string of the currency's major unit (`1205` EUR is `12.05`); null stays empty. */
export function csvMoney(amountCents: number | null, currency: string): string | null {
  return amountCents === null ? null : toDecimalString(money(amountCents, currency));
}
