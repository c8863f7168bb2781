import type { PinVerifier } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * A manager from the last pull's list, with what it takes to check their
 * PIN; undefined for anyone the list does not hold.
 */
export function findApprover(db: SqliteDatabase, staffUserId: string): PinVerifier | undefined {
  return db.get<PinVerifier>(
    `SELECT staff_user_id AS staffUserId, pin_key_id AS pinKeyId, salt_hex AS saltHex,
            iterations, verifier_hex AS verifierHex
       FROM approvers WHERE staff_user_id = ?`,
    [staffUserId],
  );
}
