import type { Failure } from './error-codes.ts';
import { failure } from './error-codes.ts';
import { WRISTBAND_UID_LENGTH_MAX, WRISTBAND_UID_LENGTH_MIN } from './limits.ts';
import type { Result } from './result.ts';
import { err, ok } from './result.ts';

/**
 * A wristband an attendee wears: an NFC tag's UID or a printed code. It is how
 * a POS finds the attendee's tab. A lost wristband is blocked, not deleted.
 */
export interface Wristband {
  readonly uid: string;
  readonly attendeeId: string;
  readonly status: WristbandStatus;
}

export type WristbandStatus = 'active' | 'blocked';

const SEPARATORS = /[\s:-]/g;
const UID_PATTERN = /^[A-Z0-9]+$/;

/**
 * The canonical form of a wristband code: upper case, without the spaces,
 * colons and dashes that scanners and people put in. `tl-00 01` and `TL0001`
 * are the same band.
 */
export function normalizeWristbandUid(raw: string): Result<string, Failure> {
  const uid = raw.replace(SEPARATORS, '').toUpperCase();
  const lengthOk = uid.length >= WRISTBAND_UID_LENGTH_MIN && uid.length <= WRISTBAND_UID_LENGTH_MAX;
  if (!lengthOk || !UID_PATTERN.test(uid)) {
    return err(
      failure(
        'wristband.invalid',
        `A wristband code has ${WRISTBAND_UID_LENGTH_MIN} to ${WRISTBAND_UID_LENGTH_MAX} letters and digits.`,
      ),
    );
  }
  return ok(uid);
}
