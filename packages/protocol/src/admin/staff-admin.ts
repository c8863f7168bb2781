import Type from 'typebox';
import type { Static } from 'typebox';
import { StaffRoleName } from '../auth.ts';
import { Id, Name, Timestamp } from '../schema-parts.ts';
import { STAFF_PASSWORD_LENGTH_MAX, STAFF_PASSWORD_LENGTH_MIN } from './admin-limits.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/** Schemas of staff management, by an owner of the organisation. */

export const STAFF_PATH = '/v1/staff';

/**
 * An address for a new account: printable ASCII without spaces around one
 * `@`, stored trimmed and in lower case (sign-in compares it so).
 */
export const NewEmail = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^\\s*[!-?A-~]+@[!-?A-~]+\\s*$',
});

export const NewPassword = Type.String({
  minLength: STAFF_PASSWORD_LENGTH_MIN,
  maxLength: STAFF_PASSWORD_LENGTH_MAX,
  description: `${STAFF_PASSWORD_LENGTH_MIN} to ${STAFF_PASSWORD_LENGTH_MAX} characters; stored only as an scrypt hash.`,
});

const OrganisationRole = Type.Union([StaffRoleName, Type.Null()], {
  description: 'A role across every event of the organisation, or null (event roles only).',
});

export const CreateStaffRequest = Type.Object(
  {
    email: NewEmail,
    name: NameInput,
    password: NewPassword,
    organisationRole: OrganisationRole,
  },
  { additionalProperties: false },
);
export type CreateStaffRequest = Static<typeof CreateStaffRequest>;

/** A new password signs the member out everywhere. */
export const UpdateStaffRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    organisationRole: Type.Optional(OrganisationRole),
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStaffRequest = Static<typeof UpdateStaffRequest>;

export const EventRoleRequest = Type.Object(
  { role: StaffRoleName },
  { additionalProperties: false },
);
export type EventRoleRequest = Static<typeof EventRoleRequest>;

export const StaffDetails = Type.Object(
  {
    id: Id,
    email: Type.String(),
    name: Name,
    organisationRole: Type.Union([StaffRoleName, Type.Null()]),
    eventRoles: Type.Array(
      Type.Object({ eventId: Id, role: StaffRoleName }, { additionalProperties: false }),
    ),
    createdAt: Timestamp,
    disabledAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type StaffDetails = Static<typeof StaffDetails>;

export const StaffPage = Page(StaffDetails);
export type StaffPage = Static<typeof StaffPage>;

export const StaffParams = Type.Object({ userId: Id }, { additionalProperties: false });

export const StaffEventRoleParams = Type.Object(
  { userId: Id, eventId: Id },
  { additionalProperties: false },
);
