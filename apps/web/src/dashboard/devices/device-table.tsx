import type { DeviceDetails } from '@tabline/protocol';
import { useEvent } from '../session/session-context.ts';
import {
  formatAgo,
  formatCents,
  formatClockSkew,
  formatCount,
  formatDuration,
} from '../ui/format.ts';
import { DEVICE_CLOCK_SKEW_ALERT_MS, deviceHealth } from './device-health.ts';
import type { DeviceAlert } from './device-health.ts';
import { DeviceStatePill } from './device-state-pill.tsx';
import { useLocations } from './use-locations.ts';

/** The fleet, one row per device, its alerts spelled out under its state. */
export function DeviceTable(props: {
  readonly devices: readonly DeviceDetails[];
  readonly now: number;
  readonly currency: string;
  readonly onRevoke: (device: DeviceDetails) => void;
}) {
  const event = useEvent();
  const locations = useLocations(event.id);
  const locationName = new Map(locations.data?.items.map((l) => [l.id, l.name]) ?? []);
  if (props.devices.length === 0) {
    return (
      <p className="empty-state">
        No devices yet. Pair the event&apos;s first POS with <strong>Pair a device</strong>.
      </p>
    );
  }
  return (
    <table className="data-table devices-table" data-testid="devices">
      <caption className="visually-hidden">The event&apos;s devices, alerts first</caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">State</th>
          <th scope="col">Last seen</th>
          <th scope="col" className="num">
            Backlog
          </th>
          <th scope="col" className="num">
            At risk
          </th>
          <th scope="col">Oldest unsynced</th>
          <th scope="col">Clock</th>
          <th scope="col">App</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.devices.map((device) => {
          const health = deviceHealth(device, props.now);
          const location = device.locationId === null ? null : locationName.get(device.locationId);
          return (
            <tr
              key={device.id}
              data-id={device.id}
              className={health.alerts.length > 0 ? 'row-alert' : undefined}
            >
              <th scope="row">
                <span className="cell-main">{device.name}</span>
                <span className="cell-sub">{location ?? 'No location'}</span>
              </th>
              <td>
                <DeviceStatePill state={health.state} />
                {health.alerts.length > 0 ? (
                  <ul className="alert-list">
                    {health.alerts.map((alert) => (
                      <li key={alert.kind}>{describeAlert(alert)}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td>
                {device.lastSeenAt === null ? 'never' : formatAgo(device.lastSeenAt, props.now)}
              </td>
              <td className="num">
                {device.backlogCount === null ? '–' : formatCount(device.backlogCount)}
              </td>
              <td className="num">
                {device.amountAtRiskCents === null
                  ? '–'
                  : formatCents(device.amountAtRiskCents, props.currency)}
              </td>
              <td>
                {health.oldestUnsyncedAgeMs === null
                  ? '–'
                  : formatDuration(health.oldestUnsyncedAgeMs)}
              </td>
              <td
                className={
                  device.clockSkewMs !== null &&
                  Math.abs(device.clockSkewMs) > DEVICE_CLOCK_SKEW_ALERT_MS
                    ? 'text-danger'
                    : undefined
                }
              >
                {device.clockSkewMs === null ? '–' : formatClockSkew(device.clockSkewMs)}
              </td>
              <td className="cell-version">{device.appVersion ?? '–'}</td>
              <td className="cell-actions">
                {device.paired ? (
                  <button
                    type="button"
                    className="button-small button-quiet"
                    onClick={() => props.onRevoke(device)}
                    aria-label={`Revoke ${device.name}`}
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function describeAlert(alert: DeviceAlert): string {
  switch (alert.kind) {
    case 'offline':
      return `Not seen for ${formatDuration(alert.forMs)}`;
    case 'clock-skew':
      return `Clock ${formatClockSkew(alert.skewMs)}`;
    case 'old-backlog':
      return `Unsynced for ${formatDuration(alert.ageMs)}`;
    case 'revoked-with-backlog':
      return `Revoked holding ${formatCount(alert.backlogCount)} unsynced`;
    default: {
      const never: never = alert;
      return never;
    }
  }
}
