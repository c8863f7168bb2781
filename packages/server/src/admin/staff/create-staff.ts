import type { Database } from '@tabline/database';
import type { CreateStaffRequest, StaffDetails } from '@tabline/protocol';
import { hashPassword } from '../../auth/password.ts';
import type { PasswordCost } from '../../auth/password.ts';
import { isUniqueViolation } from '../../is-unique-violation.ts';
import { ProblemError } from '../../problem-error.ts';
import { normalizeEmail } from '../upsert-staff-user.ts';
import { readStaff } from './staff-details.ts';

/**
 * Creates a staff account of the organisation with an initial password
 * (hashed with scrypt before the transaction, which it would otherwise hold
 * open for the hash's few hundred milliseconds). Emails are unique across
 * every organisation, since sign-in is by email alone.
 */
export async function createStaff(
  db: Database,
  deps: { passwordCost: PasswordCost },
  member: { id: string; organisationId: string; request: CreateStaffRequest },
): Promise<StaffDetails> {
  const { request } = member;
  const email = normalizeEmail(request.email);
  const { rowCount } = await db.query('select 1 from staff_users where email = $1', [email]);
  if (rowCount > 0) throw emailTaken();
  const passwordHash = await hashPassword(request.password, deps.passwordCost);
  return db
    .transaction(async (tx) => {
      await tx.query(
        `insert into staff_users (id, organisation_id, email, name, password_hash, organisation_role)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          member.id,
          member.organisationId,
          email,
          request.name.trim(),
          passwordHash,
          request.organisationRole,
        ],
      );
      return readStaff(tx, { organisationId: member.organisationId, userId: member.id });
    })
    .catch((error: unknown) => {
      // Another request took the address after the check above.
      if (isUniqueViolation(error, 'staff_users_email_key')) throw emailTaken();
      throw error;
    });
}

function emailTaken(): ProblemError {
  return new ProblemError('staff.email_taken', 'A staff account with this email already exists.');
}
