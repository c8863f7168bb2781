import type { Database, SqlClient } from '@tabline/database';
import type { StaffRole } from '@tabline/domain';
import type { StaffDetails, UpdateStaffRequest } from '@tabline/protocol';
import { hashPassword } from '../../auth/password.ts';
import type { PasswordCost } from '../../auth/password.ts';
import { ProblemError } from '../../problem-error.ts';
import { readStaff } from './staff-details.ts';

export type StaffChange =
  | { readonly kind: 'update'; readonly request: UpdateStaffRequest }
  | { readonly kind: 'disable' }
  | { readonly kind: 'enable' };

interface Member {
  readonly organisationId: string;
  readonly userId: string;
}

/**
 * Renames a member of staff, changes their organisation-wide role or resets
 * their password, or disables or enables their account. Disabling and a new
 * password end every session of the member at once (enabling again does not
 * bring them back: they sign in anew).
 *
 * The organisation always keeps an active organisation-wide owner: a change
 * that would leave none (demoting or disabling the last one, themselves
 * included) is refused with `staff.last_owner`. Staff changes of one
 * organisation run one at a time (its row is locked), so two owners
 * disabling each other at once cannot both succeed.
 */
export async function changeStaff(
  db: Database,
  deps: { passwordCost: PasswordCost },
  member: Member,
  change: StaffChange,
): Promise<StaffDetails> {
  const password = change.kind === 'update' ? change.request.password : undefined;
  const passwordHash =
    password === undefined ? undefined : await hashPassword(password, deps.passwordCost);
  return db.transaction(async (tx) => {
    // NO KEY UPDATE serialises staff changes of the organisation without
    // blocking inserts that merely reference it (events, accounts).
    await tx.query('select 1 from organisations where id = $1 for no key update', [
      member.organisationId,
    ]);
    const current = await readStaff(tx, member);
    const active = current.disabledAt === null;
    const role = change.kind === 'update' ? change.request.organisationRole : undefined;
    const losesOwner =
      active &&
      current.organisationRole === 'owner' &&
      (change.kind === 'disable' || (role !== undefined && role !== 'owner'));
    if (losesOwner) await checkAnotherOwner(tx, member);
    switch (change.kind) {
      case 'update':
        await updateMember(tx, member, change.request, passwordHash);
        break;
      case 'disable':
        if (active) await disableMember(tx, member.userId);
        break;
      case 'enable':
        await tx.query('update staff_users set disabled_at = null where id = $1', [member.userId]);
        break;
      default: {
        const unknown: never = change;
        throw new Error(`Unknown staff change ${JSON.stringify(unknown)}`);
      }
    }
    return readStaff(tx, member);
  });
}

async function checkAnotherOwner(db: SqlClient, member: Member) {
  const { rowCount } = await db.query(
    `select 1 from staff_users where organisation_id = $1 and id <> $2
       and organisation_role = 'owner' and disabled_at is null`,
    [member.organisationId, member.userId],
  );
  if (rowCount === 0) {
    throw new ProblemError(
      'staff.last_owner',
      'This is the last active owner of the organisation: make someone else owner first.',
    );
  }
}

async function updateMember(
  db: SqlClient,
  member: Member,
  request: UpdateStaffRequest,
  passwordHash: string | undefined,
) {
  const role: StaffRole | null | undefined = request.organisationRole;
  await db.query(
    `update staff_users set name = coalesce($2, name),
       organisation_role = case when $3 then $4 else organisation_role end,
       password_hash = coalesce($5, password_hash)
     where id = $1`,
    [
      member.userId,
      request.name?.trim() ?? null,
      role !== undefined,
      role ?? null,
      passwordHash ?? null,
    ],
  );
  if (passwordHash !== undefined) await revokeSessions(db, member.userId);
}

async function disableMember(db: SqlClient, userId: string) {
  await db.query('update staff_users set disabled_at = now() where id = $1', [userId]);
  await revokeSessions(db, userId);
}

async function revokeSessions(db: SqlClient, userId: string) {
  await db.query(
    'update staff_sessions set revoked_at = now() where user_id = $1 and revoked_at is null',
    [userId],
  );
}
