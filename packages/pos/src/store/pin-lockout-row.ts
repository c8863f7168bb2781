import type { Row } from '../integrity/row-checksum.ts';
import type { PinLockout } from '../pin-lockout/pin-lockout.ts';

/** The `pin_lockout` row (there is one at most) that holds `lockout`. */
export function pinLockoutRow(lockout: PinLockout): Row {
  return {
    id: 1,
    wrong_pins_in_row: lockout.wrongPinsInRow,
    lockouts: lockout.lockouts,
    locked_until: lockout.lockedUntil,
  };
}
