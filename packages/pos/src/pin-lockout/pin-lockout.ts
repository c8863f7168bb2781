/**
 * The PIN attempt lockout as a value, and how a wrong PIN and the clock move
 * it. Pure: the store keeps it (`pin_lockout`), the PIN gate applies it.
 *
 * After PIN_ATTEMPTS_BEFORE_LOCKOUT wrong PINs in a row, whichever managers
 * were chosen, PIN checks are refused until a lockout ends: 30 s the first
 * time, twice as long each further time (every wrong PIN after a lockout
 * ends starts the next one), up to 15 minutes. A right PIN starts afresh.
 */
import {
  PIN_ATTEMPTS_BEFORE_LOCKOUT,
  PIN_LOCKOUT_MS_FIRST,
  PIN_LOCKOUT_MS_MAX,
} from '@tabline/domain';

export interface PinLockout {
  /** Wrong PINs since the last right one; refusals while locked are no tries. */
  readonly wrongPinsInRow: number;
  /** Lockouts since the last right PIN. */
  readonly lockouts: number;
  /** When the last lockout ends (epoch ms, device clock), or null if none began. */
  readonly lockedUntil: number | null;
}

/** No wrong PIN since the last right one (or ever): what a store without the row holds. */
export const NO_PIN_LOCKOUT: PinLockout = { wrongPinsInRow: 0, lockouts: 0, lockedUntil: null };

/** How long the `lockout`-th lockout (from 1) lasts: doubling from the first, capped. */
export function lockoutDurationMs(lockout: number): number {
  // Past 2^20 the cap was reached long ago; the exponent stays small.
  return Math.min(PIN_LOCKOUT_MS_FIRST * 2 ** Math.min(lockout - 1, 20), PIN_LOCKOUT_MS_MAX);
}

/**
 * When PIN approvals open again, or null if they are open at `now`. A device
 * clock set back during a lockout would make it last longer by as much: it
 * ends, at the latest, one lockout's length after `now`. (A clock set forward
 * ends it early; nothing on the device can tell.)
 */
export function pinLockoutEnd(lockout: PinLockout, now: number): number | null {
  if (lockout.lockedUntil === null || now >= lockout.lockedUntil) return null;
  return Math.min(lockout.lockedUntil, now + lockoutDurationMs(lockout.lockouts));
}

/**
 * One more wrong PIN, checked at `now` while no lockout ran: at the
 * threshold, and at each wrong PIN after it, the next lockout begins.
 */
export function afterWrongPin(lockout: PinLockout, now: number): PinLockout {
  const wrongPinsInRow = lockout.wrongPinsInRow + 1;
  if (wrongPinsInRow < PIN_ATTEMPTS_BEFORE_LOCKOUT) return { ...lockout, wrongPinsInRow };
  const lockouts = lockout.lockouts + 1;
  return { wrongPinsInRow, lockouts, lockedUntil: now + lockoutDurationMs(lockouts) };
}
