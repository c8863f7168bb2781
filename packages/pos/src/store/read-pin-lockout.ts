import type { PinLockout } from '../pin-lockout/pin-lockout.ts';
import { NO_PIN_LOCKOUT } from '../pin-lockout/pin-lockout.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** The device's PIN attempt lockout; no row is no wrong PIN yet. */
export function readPinLockout(db: SqliteDatabase): PinLockout {
  return (
    db.get<PinLockout>(
      `SELECT wrong_pins_in_row AS wrongPinsInRow, lockouts, locked_until AS lockedUntil
         FROM pin_lockout WHERE id = 1`,
    ) ?? NO_PIN_LOCKOUT
  );
}
