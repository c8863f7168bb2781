/**
 * Managers who approve voids and refunds in the tests, and the approver
 * records a pull gives the POS for them: a real PIN key (PBKDF2) and its
 * verifier, made as the server makes them. Tests use the fewest iterations a
 * record may state (PIN_KEY_ITERATIONS_MIN) to stay fast; the count travels
 * with the record, so the engine runs the same code as with 100,000.
 */
import { PIN_KEY_ITERATIONS_MIN, derivePinKey, pinKeyVerifier, toHex } from '@tabline/domain';
import type { ApproverRecord } from '@tabline/protocol';

const id = (suffix: string) => `0190a0a0-0000-7000-8000-${suffix.padStart(12, '0')}`;

export interface TestManager {
  readonly staffUserId: string;
  readonly name: string;
  readonly pin: string;
  readonly pinKeyId: string;
  readonly saltHex: string;
}

export const MAYA: TestManager = {
  staffUserId: id('5a1'),
  name: 'Maya Okafor',
  pin: '4821',
  pinKeyId: id('b1'),
  saltHex: toHex(new Uint8Array(16).fill(0x11)),
};

export const LEON: TestManager = {
  staffUserId: id('5a2'),
  name: 'Leon Brandt',
  pin: '907153',
  pinKeyId: id('b2'),
  saltHex: toHex(new Uint8Array(16).fill(0x22)),
};

/** The record a pull carries for `manager`, with `pin` (their PIN unless changed). */
export async function approverRecord(
  manager: TestManager,
  change: { readonly pin?: string; readonly pinKeyId?: string; readonly iterations?: number } = {},
): Promise<ApproverRecord> {
  const iterations = change.iterations ?? PIN_KEY_ITERATIONS_MIN;
  const key = await pinKey(manager, change.pin, iterations);
  return {
    staffUserId: manager.staffUserId,
    name: manager.name,
    pinKeyId: change.pinKeyId ?? manager.pinKeyId,
    saltHex: manager.saltHex,
    iterations,
    verifierHex: await pinKeyVerifier(key),
  };
}

/** The manager's PIN key, as the server keeps it to check approvals. */
export function pinKey(
  manager: TestManager,
  pin = manager.pin,
  iterations = PIN_KEY_ITERATIONS_MIN,
): Promise<Uint8Array> {
  return derivePinKey(pin, manager.saltHex, iterations);
}
