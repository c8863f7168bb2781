import Type from 'typebox';
import type { Static } from 'typebox';
import type { StaffRole } from '@tabline/domain';
import { Id, Name, Timestamp } from './schema-parts.ts';

/** Schemas of staff sign-in, device pairing and token rotation. */

export const SESSIONS_PATH = '/v1/sessions';
export const CURRENT_SESSION_PATH = '/v1/sessions/current';
export const PAIR_DEVICE_PATH = '/v1/devices/pair';
export const ROTATE_DEVICE_TOKEN_PATH = '/v1/device/token';

export const StaffRoleName = Type.Union(
  [Type.Literal('cashier'), Type.Literal('manager'), Type.Literal('owner')],
  { description: 'cashier < manager < owner; each may do what the ones below may.' },
);
// The wire names are the domain's roles, no more and no fewer.
const rolesMatch: [Static<typeof StaffRoleName>, StaffRole] extends [
  StaffRole,
  Static<typeof StaffRoleName>,
]
  ? true
  : never = true;
void rolesMatch;

export const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$',
  description: 'Compared without regard to case or surrounding spaces.',
});

export const SignInRequest = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const SessionResponse = Type.Object(
  {
    token: Type.String({ description: 'A bearer token (`tl_ses_…`) for the staff API.' }),
    expiresAt: Timestamp,
    user: Type.Object({
      id: Id,
      name: Name,
      organisationId: Id,
      organisationRole: Type.Union([StaffRoleName, Type.Null()]),
    }),
  },
  { additionalProperties: false },
);
export type SessionResponse = Static<typeof SessionResponse>;

/** What a manager types into a new device: 8 letters and digits, dash optional. */
export const PairingCode = Type.String({
  pattern: '^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$',
  description: 'As shown to the manager, e.g. `K7QX-M2PD`; case and the dash do not matter.',
});

export const CreatePairingCodeRequest = Type.Object(
  {
    deviceName: Name,
    locationId: Type.Union([Id, Type.Null()]),
  },
  { additionalProperties: false },
);
export type CreatePairingCodeRequest = Static<typeof CreatePairingCodeRequest>;

export const PairingCodeResponse = Type.Object(
  { code: Type.String(), expiresAt: Timestamp },
  { additionalProperties: false },
);

export const PairDeviceRequest = Type.Object(
  { code: PairingCode },
  { additionalProperties: false },
);
export type PairDeviceRequest = Static<typeof PairDeviceRequest>;

export const DeviceTokenResponse = Type.Object(
  {
    deviceId: Id,
    eventId: Id,
    token: Type.String({ description: 'A bearer token (`tl_dev_…`) for the sync API.' }),
    expiresAt: Timestamp,
  },
  { additionalProperties: false },
);
export type DeviceTokenResponse = Static<typeof DeviceTokenResponse>;

export const EventParams = Type.Object({ eventId: Id }, { additionalProperties: false });
export const DeviceParams = Type.Object(
  { eventId: Id, deviceId: Id },
  { additionalProperties: false },
);
