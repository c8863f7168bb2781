import type { SqliteDatabase } from '../sqlite-database.ts';
import { readDeviceState } from '../store/read-device-state.ts';

/** Who this device is and which event it serves, as the server said in the last pull. */
export interface PosDeviceInfo {
  readonly eventId: string;
  readonly eventName: string | null;
  readonly currency: string;
  readonly timeZone: string | null;
  readonly deviceId: string;
  readonly deviceName: string | null;
  readonly locationId: string | null;
  readonly catalogCursor: string;
  readonly catalogPulledAt: number | null;
}

/** The device's facts, or null before its first pull. */
export function readDeviceInfo(db: SqliteDatabase): PosDeviceInfo | null {
  const state = readDeviceState(db);
  const { eventId, currency, deviceId, catalogCursor } = state;
  if (catalogCursor === null || eventId === null || currency === null || deviceId === null) {
    return null;
  }
  return {
    eventId,
    eventName: state.eventName,
    currency,
    timeZone: state.timeZone,
    deviceId,
    deviceName: state.deviceName,
    locationId: state.locationId,
    catalogCursor,
    catalogPulledAt: state.catalogPulledAt,
  };
}
