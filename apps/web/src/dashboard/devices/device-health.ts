import {
  DEVICE_BACKLOG_AGE_ALERT_MS,
  DEVICE_CLOCK_SKEW_ALERT_MS,
  DEVICE_OFFLINE_AFTER_MS,
} from '@tabline/protocol';
import type { DeviceDetails } from '@tabline/protocol';

/**
 * How a device stands, from its last heartbeat, and what a manager should
 * look at. A POS pushes (or sends a bare heartbeat) at least every 30 s
 * while it can reach the server, so a few missed beats mean it cannot. The
 * thresholds are the server's own (its `alerts` use them too); the page
 * works the alerts out again against the clock so that durations keep
 * counting between polls.
 */
export { DEVICE_BACKLOG_AGE_ALERT_MS, DEVICE_CLOCK_SKEW_ALERT_MS, DEVICE_OFFLINE_AFTER_MS };

/**
 * - online: paired and seen within DEVICE_OFFLINE_AFTER_MS.
 * - offline: paired, seen once, not for DEVICE_OFFLINE_AFTER_MS.
 * - never-seen: paired (a code was used) but it has not synced yet.
 * - revoked: it was seen, and its tokens no longer work (revoked or expired).
 * - unpaired: made with a pairing code nobody has used yet, or set up without one.
 */
export type DeviceState = 'online' | 'offline' | 'never-seen' | 'revoked' | 'unpaired';

export type DeviceAlert =
  | { readonly kind: 'offline'; readonly forMs: number }
  | { readonly kind: 'clock-skew'; readonly skewMs: number }
  | { readonly kind: 'old-backlog'; readonly ageMs: number }
  | { readonly kind: 'revoked-with-backlog'; readonly backlogCount: number };

export interface DeviceHealth {
  readonly state: DeviceState;
  readonly alerts: readonly DeviceAlert[];
  /**
   * The age of its oldest unsynced work item now: its age at the last
   * heartbeat plus the time since (it has not been delivered since, or a
   * later heartbeat would say so). Null with nothing queued.
   */
  readonly oldestUnsyncedAgeMs: number | null;
}

export function deviceHealth(device: DeviceDetails, nowMs: number): DeviceHealth {
  const state = deviceState(device, nowMs);
  const oldestUnsyncedAgeMs = oldestUnsyncedAge(device, nowMs);
  const alerts: DeviceAlert[] = [];
  if (state === 'offline') {
    alerts.push({ kind: 'offline', forMs: nowMs - Date.parse(device.lastSeenAt!) });
  }
  if (device.clockSkewMs !== null && Math.abs(device.clockSkewMs) > DEVICE_CLOCK_SKEW_ALERT_MS) {
    alerts.push({ kind: 'clock-skew', skewMs: device.clockSkewMs });
  }
  if (oldestUnsyncedAgeMs !== null && oldestUnsyncedAgeMs > DEVICE_BACKLOG_AGE_ALERT_MS) {
    alerts.push({ kind: 'old-backlog', ageMs: oldestUnsyncedAgeMs });
  }
  if (state === 'revoked' && (device.backlogCount ?? 0) > 0) {
    alerts.push({ kind: 'revoked-with-backlog', backlogCount: device.backlogCount! });
  }
  return { state, alerts, oldestUnsyncedAgeMs };
}

function deviceState(device: DeviceDetails, nowMs: number): DeviceState {
  if (!device.paired) return device.lastSeenAt === null ? 'unpaired' : 'revoked';
  if (device.lastSeenAt === null) return 'never-seen';
  return nowMs - Date.parse(device.lastSeenAt) > DEVICE_OFFLINE_AFTER_MS ? 'offline' : 'online';
}

function oldestUnsyncedAge(device: DeviceDetails, nowMs: number): number | null {
  if (device.oldestQueuedAgeMs === null || !device.backlogCount) return null;
  const since = device.lastHeartbeatAt === null ? 0 : nowMs - Date.parse(device.lastHeartbeatAt);
  return device.oldestQueuedAgeMs + Math.max(0, since);
}

/** The fleet's figures the overview and the devices page lead with. */
export interface FleetSummary {
  readonly devices: number;
  /** Devices with a working token: those expected online. */
  readonly paired: number;
  readonly online: number;
  readonly withAlerts: number;
  readonly backlogCount: number;
  readonly amountAtRiskCents: number;
  readonly devicesAtRisk: number;
}

export function summariseFleet(devices: readonly DeviceDetails[], nowMs: number): FleetSummary {
  let paired = 0;
  let online = 0;
  let withAlerts = 0;
  let backlogCount = 0;
  let amountAtRiskCents = 0;
  let devicesAtRisk = 0;
  for (const device of devices) {
    const health = deviceHealth(device, nowMs);
    if (device.paired) paired += 1;
    if (health.state === 'online') online += 1;
    if (health.alerts.length > 0) withAlerts += 1;
    backlogCount += device.backlogCount ?? 0;
    amountAtRiskCents += device.amountAtRiskCents ?? 0;
    if ((device.amountAtRiskCents ?? 0) > 0) devicesAtRisk += 1;
  }
  return {
    devices: devices.length,
    paired,
    online,
    withAlerts,
    backlogCount,
    amountAtRiskCents,
    devicesAtRisk,
  };
}
