/**
 * Checks a list of unsubscribed numbers (recipients who replied STOP) from an
 * untrusted source: an array of at most `UNSUBSCRIBED_NUMBERS_MAX` E.164
 * numbers. A number in any other form could never match a valid `To`, so it
 * is refused rather than silently ignored.
 */
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import { UNSUBSCRIBED_NUMBERS_MAX } from './fake-sms-provider-limits.ts';
import { isE164 } from './phone-number.ts';

export function parseUnsubscribedNumbers(input: unknown): Result<string[], string> {
  if (!Array.isArray(input)) return err('unsubscribed numbers must be a JSON array');
  if (input.length > UNSUBSCRIBED_NUMBERS_MAX) {
    return err(`at most ${UNSUBSCRIBED_NUMBERS_MAX} unsubscribed numbers`);
  }
  const numbers: readonly unknown[] = input;
  const invalid = numbers.findIndex((number) => typeof number !== 'string' || !isE164(number));
  if (invalid >= 0) return err(`not an E.164 number: ${String(numbers[invalid])}`);
  return ok(input as string[]);
}
