import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PIN_KEY_ITERATIONS_MIN,
  approvalProof,
  derivePinKey,
  fromHex,
  pinKeyVerifier,
  toHex,
  unlockPinKey,
  verifyApprovalProof,
} from '../src/index.ts';
import type { ApprovedFields, PinVerifier } from '../src/index.ts';

const SALT = '00112233445566778899aabbccddeeff';

async function verifierFor(pin: string): Promise<PinVerifier> {
  const key = await derivePinKey(pin, SALT, PIN_KEY_ITERATIONS_MIN);
  return {
    staffUserId: '0191a000-0000-7000-8000-000000000001',
    pinKeyId: '0191a000-0000-7000-8000-000000000002',
    saltHex: SALT,
    iterations: PIN_KEY_ITERATIONS_MIN,
    verifierHex: await pinKeyVerifier(key),
  };
}

const FIELDS: ApprovedFields = {
  kind: 'refund',
  adjustmentId: '0191a000-0000-7000-8000-000000000003',
  orderId: '0191a000-0000-7000-8000-000000000004',
  amountCents: 250,
  reason: 'spilled',
  placedAt: '2026-11-24T21:59:00.000Z',
  staffUserId: '0191a000-0000-7000-8000-000000000001',
  pinKeyId: '0191a000-0000-7000-8000-000000000002',
};

describe('manager approval', () => {
  it('unlocks the PIN key with the right PIN only', async () => {
    const verifier = await verifierFor('4821');
    expect(await unlockPinKey('4821', verifier)).toEqual(
      await derivePinKey('4821', SALT, PIN_KEY_ITERATIONS_MIN),
    );
    expect(await unlockPinKey('4822', verifier)).toBeNull();
    expect(await unlockPinKey('48', verifier)).toBeNull();
    expect(await unlockPinKey('48a1', verifier)).toBeNull();
  });

  it('proves exactly the approved fields: changing any one fails the proof', async () => {
    const key = await derivePinKey('4821', SALT, PIN_KEY_ITERATIONS_MIN);
    const proof = await approvalProof(key, FIELDS);
    expect(await verifyApprovalProof(key, FIELDS, proof)).toBe(true);
    const changes: Partial<ApprovedFields>[] = [
      { kind: 'void', amountCents: null },
      { adjustmentId: '0191a000-0000-7000-8000-000000000009' },
      { orderId: '0191a000-0000-7000-8000-000000000009' },
      { amountCents: 251 },
      { reason: 'spilled ' },
      { placedAt: '2026-11-24T21:59:00.001Z' },
      { staffUserId: '0191a000-0000-7000-8000-000000000009' },
      { pinKeyId: '0191a000-0000-7000-8000-000000000009' },
    ];
    for (const change of changes)
      expect(await verifyApprovalProof(key, { ...FIELDS, ...change }, proof)).toBe(false);
    const otherKey = await derivePinKey('4822', SALT, PIN_KEY_ITERATIONS_MIN);
    expect(await verifyApprovalProof(otherKey, FIELDS, proof)).toBe(false);
    expect(await verifyApprovalProof(key, FIELDS, proof.toUpperCase())).toBe(false);
  });

  it('round-trips bytes through hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
      }),
    );
  });
});
