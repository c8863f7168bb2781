import {
  DEVICE_BACKLOG_AGE_ALERT_MS,
  DEVICE_CLOCK_SKEW_ALERT_MS,
  DEVICE_OFFLINE_AFTER_MS,
} from '@tabline/protocol';
import type { DeviceAlert, DeviceDetails } from '@tabline/protocol';

/**
 * What is wrong with a device, most urgent first (docs/OPERATING.md,
 * "Devices"): a revoked device raises nothing, it is out of the fleet.
 */
export function deviceAlerts(
  device: Pick<
    DeviceDetails,
    'paired' | 'sinceLastSeenMs' | 'backlogCount' | 'oldestQueuedAgeNowMs' | 'clockSkewMs'
  >,
): DeviceAlert[] {
  if (!device.paired) return [];
  const alerts: DeviceAlert[] = [];
  if (device.sinceLastSeenMs === null || device.sinceLastSeenMs > DEVICE_OFFLINE_AFTER_MS) {
    alerts.push('offline');
  }
  if (
    (device.backlogCount ?? 0) > 0 &&
    (device.oldestQueuedAgeNowMs ?? 0) > DEVICE_BACKLOG_AGE_ALERT_MS
  ) {
    alerts.push('backlog_old');
  }
  if (device.clockSkewMs !== null && Math.abs(device.clockSkewMs) > DEVICE_CLOCK_SKEW_ALERT_MS) {
    alerts.push('clock_skew');
  }
  return alerts;
}
