import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, Id, Name, Timestamp } from '../schema-parts.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/** Schemas of an event's devices, as managers see the fleet. */

const Count = Type.Integer({ minimum: 0 });

export const DeviceDetails = Type.Object(
  {
    id: Id,
    name: Name,
    locationId: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
    /** Whether the device holds a token that still works (not revoked, not expired). */
    paired: Type.Boolean(),
    lastSeenAt: Type.Union([Timestamp, Type.Null()]),
    lastHeartbeatAt: Type.Union([Timestamp, Type.Null()]),
    appVersion: Type.Union([Type.String(), Type.Null()]),
    backlogCount: Type.Union([Count, Type.Null()]),
    amountAtRiskCents: Type.Union([Cents, Type.Null()]),
    oldestQueuedAgeMs: Type.Union([Count, Type.Null()]),
    clockSkewMs: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeviceDetails = Static<typeof DeviceDetails>;

export const DevicePage = Page(DeviceDetails);
export type DevicePage = Static<typeof DevicePage>;

/** Rename a device or move it to another location (it learns it on its next pull). */
export const UpdateDeviceRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    locationId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDeviceRequest = Static<typeof UpdateDeviceRequest>;
