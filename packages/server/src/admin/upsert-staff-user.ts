import type { SqlClient } from '@tabline/database';
import type { StaffRole } from '@tabline/domain';
import { hashPassword } from '../auth/password.ts';
import type { PasswordCost } from '../auth/password.ts';

export interface StaffUserInput {
  readonly id: string;
  readonly organisationId: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly organisationRole: StaffRole | null;
}

/** Emails are compared trimmed and in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates a member of staff, or, for an existing id of the same
 * organisation, renames them and sets a new password and role.
 */
export async function upsertStaffUser(
  db: SqlClient,
  user: StaffUserInput,
  cost?: PasswordCost,
): Promise<void> {
  const passwordHash = await hashPassword(user.password, cost);
  await db.query(
    `insert into staff_users (id, organisation_id, email, name, password_hash, organisation_role)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (id) do update set email = excluded.email, name = excluded.name,
       password_hash = excluded.password_hash, organisation_role = excluded.organisation_role
     where staff_users.organisation_id = excluded.organisation_id`,
    [
      user.id,
      user.organisationId,
      normalizeEmail(user.email),
      user.name,
      passwordHash,
      user.organisationRole,
    ],
  );
}

/**
 * Gives a member of staff a role for one event of their own organisation
 * (null removes it). False when the user or the event is not found in one
 * organisation.
 */
export async function setEventRole(
  db: SqlClient,
  grant: { userId: string; eventId: string; role: StaffRole | null },
): Promise<boolean> {
  if (grant.role === null) {
    await db.query('delete from staff_event_roles where user_id = $1 and event_id = $2', [
      grant.userId,
      grant.eventId,
    ]);
    return true;
  }
  const { rowCount } = await db.query(
    `insert into staff_event_roles (user_id, event_id, role)
     select u.id, e.id, $3 from staff_users u
     join events e on e.organisation_id = u.organisation_id
     where u.id = $1 and e.id = $2
     on conflict (user_id, event_id) do update set role = excluded.role`,
    [grant.userId, grant.eventId, grant.role],
  );
  return rowCount === 1;
}
