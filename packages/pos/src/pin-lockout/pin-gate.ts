/**
 * The one way the engine checks a manager's PIN. Each check derives the PIN
 * key (PBKDF2, slow on purpose), and only the lockout stops someone holding
 * the device from trying every PIN, so the gate:
 * - checks one PIN at a time, so checks fired together cannot all pass the
 *   lockout before any of them is counted;
 * - refuses every check while a lockout runs (`approval.locked`), deriving
 *   nothing;
 * - counts a wrong PIN in the store, in a transaction of its own, before it
 *   answers: killing the app cannot undo it; the journal notes the commit,
 *   so a database file that lost it is found damaged at open;
 * - forgets the count at a right PIN.
 * It keeps and tells nothing about whose PIN was tried: the count is the
 * device's.
 */
import type { Clock, Failure, PinVerifier, Result } from '@tabline/domain';
import { err, failure, ok, unlockPinKey } from '@tabline/domain';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import type { JournalKeeper } from '../journal/journal-keeper.ts';
import { oneAtATime } from '../one-at-a-time.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { readPinLockout } from '../store/read-pin-lockout.ts';
import { writePinLockout } from '../store/write-pin-lockout.ts';
import type { PinLockout } from './pin-lockout.ts';
import { NO_PIN_LOCKOUT, afterWrongPin, pinLockoutEnd } from './pin-lockout.ts';

/** A manager's PIN key, unlocked by their PIN, with the verifier it was checked against. */
export interface UnlockedPinKey {
  readonly verifier: PinVerifier;
  readonly key: Uint8Array;
}

export interface PinGate {
  /**
   * The PIN key `verifier` stands for, if `pin` unlocks it. Refusals:
   * `approval.locked` (nothing derived), `approval.pin_wrong` (no verifier,
   * for a manager not on the list, or a PIN that does not unlock it; counted
   * either way), `storage.failed` (the count could not be stored, or the
   * engine closed during the check: the answer is not given).
   */
  check(verifier: PinVerifier | undefined, pin: unknown): Promise<Result<UnlockedPinKey, Failure>>;
}

export interface PinGateOptions {
  readonly db: SqliteDatabase;
  readonly journal: JournalKeeper;
  readonly clock: Clock;
  readonly isClosed: () => boolean;
}

export function createPinGate(options: PinGateOptions): PinGate {
  const serially = oneAtATime();
  return { check: (verifier, pin) => serially(() => checkPin(options, verifier, pin)) };
}

async function checkPin(
  options: PinGateOptions,
  verifier: PinVerifier | undefined,
  pin: unknown,
): Promise<Result<UnlockedPinKey, Failure>> {
  const { db, clock, isClosed } = options;
  const store = (lockout: PinLockout) => storePinLockout(options, lockout);
  const before = catchStorageFailure(() => readPinLockout(db));
  if (!before.ok) return before;
  const end = pinLockoutEnd(before.value, clock.now());
  if (end !== null) return refuseLocked(store, before.value, end, clock.now());
  const key =
    verifier !== undefined && typeof pin === 'string' ? await unlockPinKey(pin, verifier) : null;
  if (isClosed()) {
    return err(failure('storage.failed', 'The POS closed while the PIN was being checked.'));
  }
  if (verifier !== undefined && key !== null) {
    const fresh = before.value.wrongPinsInRow === 0 && before.value.lockouts === 0;
    const reset = fresh ? ok(undefined) : store(NO_PIN_LOCKOUT);
    return reset.ok ? ok({ verifier, key }) : reset;
  }
  const now = clock.now();
  const after = afterWrongPin(before.value, now);
  const counted = store(after);
  if (!counted.ok) return counted;
  return err(failure('approval.pin_wrong', describeWrongPin(after, now)));
}

/**
 * Refuses a check while a lockout runs. A lockout that ends later than one
 * lockout's length from now (the device clock was set back) is brought
 * forward in the store, so it does end; if that write fails, the refusal
 * stands all the same.
 */
function refuseLocked(
  store: (lockout: PinLockout) => Result<void, Failure>,
  lockout: PinLockout,
  end: number,
  now: number,
): Result<never, Failure> {
  if (end !== lockout.lockedUntil) store({ ...lockout, lockedUntil: end });
  return err(
    failure(
      'approval.locked',
      `Too many wrong PINs on this POS: PIN approvals are locked. Try again in ${describeWait(end - now)}.`,
    ),
  );
}

/** Writes the lockout, then has the journal note the commit (best effort, as after a pull). */
function storePinLockout(options: PinGateOptions, lockout: PinLockout): Result<void, Failure> {
  const written = catchStorageFailure(() => writePinLockout(options.db, lockout));
  if (written.ok) options.journal.noteCommit();
  return written;
}

function describeWrongPin(lockout: PinLockout, now: number): string {
  const wrong = "That PIN is not the chosen manager's, or the manager cannot approve on this POS.";
  const end = pinLockoutEnd(lockout, now);
  if (end === null) return wrong;
  return `${wrong} Too many wrong PINs: PIN approvals are locked for ${describeWait(end - now)}.`;
}

/** A wait as staff read it, rounded up to the second: "30 s", "4 min", "2 min 5 s". */
function describeWait(waitMs: number): string {
  const seconds = Math.ceil(waitMs / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${seconds} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
