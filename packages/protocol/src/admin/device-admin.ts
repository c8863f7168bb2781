import Type from 'typebox';
import type { Static } from 'typebox';
import { CLOCK_SKEW_TOLERANCE_MS } from '@tabline/domain';
import { Cents, Id, Name, Timestamp } from '../schema-parts.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/** Schemas of an event's devices, as managers see the fleet. */

const Count = Type.Integer({ minimum: 0 });

/**
 * A paired device not heard from for this long is `offline`: it syncs (and
 * sends its heartbeat) every 30 s when idle, so this is four missed beats.
 */
export const DEVICE_OFFLINE_AFTER_MS = 2 * 60_000;

/**
 * A device whose oldest unsynced work item is older than this is
 * `backlog_old`: its pushes are not getting through (a device retries at
 * least once a minute while online), and the sales it holds are not counted
 * yet.
 */
export const DEVICE_BACKLOG_AGE_ALERT_MS = 5 * 60_000;

/** A device whose clock is off by more than this is `clock_skew` (its orders are flagged). */
export const DEVICE_CLOCK_SKEW_ALERT_MS = CLOCK_SKEW_TOLERANCE_MS;

/**
 * What the server sees wrong with a device, worked out from its last
 * heartbeat and the database's clock (docs/OPERATING.md, "Devices"):
 * `offline` (paired, not seen for DEVICE_OFFLINE_AFTER_MS, or never),
 * `backlog_old` (its oldest unsynced item, aged since its heartbeat, past
 * DEVICE_BACKLOG_AGE_ALERT_MS), `clock_skew` (its clock off by more than
 * DEVICE_CLOCK_SKEW_ALERT_MS).
 */
export const DeviceAlert = Type.Union([
  Type.Literal('offline'),
  Type.Literal('backlog_old'),
  Type.Literal('clock_skew'),
]);
export type DeviceAlert = Static<typeof DeviceAlert>;

export const DeviceDetails = Type.Object(
  {
    id: Id,
    name: Name,
    locationId: Type.Union([Id, Type.Null()]),
    locationName: Type.Union([Name, Type.Null()]),
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
    /** Time since it was last seen (any push), by the database's clock; null if never. */
    sinceLastSeenMs: Type.Union([Count, Type.Null()]),
    /**
     * Its oldest unsynced work item's age now: the age its last heartbeat
     * reported plus the time since; 0 with no backlog, null before a heartbeat.
     */
    oldestQueuedAgeNowMs: Type.Union([Count, Type.Null()]),
    /** Most urgent first; empty when all is well. */
    alerts: Type.Array(DeviceAlert),
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
