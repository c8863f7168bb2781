import type { SqlClient } from '@tabline/database';
import type { CreateStaffRequest, StaffDetails } from '@tabline/protocol';
import { isUniqueViolation } from '../../is-unique-violation.ts';
import { ProblemError } from '../../problem-error.ts';
import { normalizeEmail } from '../upsert-staff-user.ts';
import { readStaff } from './staff-details.ts';

/**
 * Creates a staff account of the organisation, inside the caller's
 * transaction, with the scrypt hash of its initial password (made before the
 * transaction, which it would otherwise hold open for the hash's few hundred
 * milliseconds). Emails are unique across every organisation, since sign-in
 * is by email alone.
 */
export async function createStaff(
  tx: SqlClient,
  member: {
    id: string;
    organisationId: string;
    request: CreateStaffRequest;
    passwordHash: string;
  },
): Promise<StaffDetails> {
  const { request } = member;
  await tx
    .query(
      `insert into staff_users (id, organisation_id, email, name, password_hash, organisation_role)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        member.id,
        member.organisationId,
        normalizeEmail(request.email),
        request.name.trim(),
        member.passwordHash,
        request.organisationRole,
      ],
    )
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'staff_users_email_key')) {
        throw new ProblemError(
          'staff.email_taken',
          'A staff account with this email already exists.',
        );
      }
      throw error;
    });
  return readStaff(tx, { organisationId: member.organisationId, userId: member.id });
}
