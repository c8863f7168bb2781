import { randomBytes } from 'node:crypto';
import type { Database } from '@tabline/database';
import {
  PIN_KEY_ITERATIONS,
  PIN_SALT_BYTES,
  derivePinKey,
  fromHex,
  pinKeyVerifier,
  toHex,
} from '@tabline/domain';

/**
 * Sets a member of staff's PIN: a new PIN key with a fresh salt, and the
 * previous one retired (approvals made with it before now still count).
 * The PIN itself is not kept. `iterations` is for tests that cannot wait for
 * the real cost.
 */
export async function setStaffPin(
  db: Database,
  input: { userId: string; pinKeyId: string; pin: string; iterations?: number },
): Promise<void> {
  const iterations = input.iterations ?? PIN_KEY_ITERATIONS;
  const saltHex = toHex(randomBytes(PIN_SALT_BYTES));
  const key = await derivePinKey(input.pin, saltHex, iterations);
  const verifierHex = await pinKeyVerifier(key);
  await db.transaction(async (tx) => {
    await tx.query(
      'update staff_pin_keys set retired_at = now() where user_id = $1 and retired_at is null',
      [input.userId],
    );
    await tx.query(
      `insert into staff_pin_keys (id, user_id, salt, iterations, pin_key, verifier)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        input.pinKeyId,
        input.userId,
        Buffer.from(fromHex(saltHex)),
        iterations,
        Buffer.from(key),
        Buffer.from(fromHex(verifierHex)),
      ],
    );
  });
}
