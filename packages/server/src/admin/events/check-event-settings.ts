import { isCurrencyCode, isTimeZone } from '@tabline/domain';
import { invalidField } from '../invalid-field.ts';

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * The canonical name of an IANA time zone (`europe/london` is
 * `Europe/London`), or a `request.invalid` refusal for one the platform does
 * not know: promotion windows could not be placed in it.
 */
export function canonicalTimeZone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw invalidField('/timeZone', 'is not an IANA time zone');
  return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
}

/** Refuses a code that is well formed but not an ISO 4217 currency (`ABC`). */
export function checkCurrency(currency: string): void {
  if (!isCurrencyCode(currency) || !CURRENCIES.has(currency)) {
    throw invalidField('/currency', 'is not an ISO 4217 currency');
  }
}
