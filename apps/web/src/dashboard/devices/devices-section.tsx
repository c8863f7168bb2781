import { useState } from 'react';
import type { DeviceDetails } from '@tabline/protocol';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, isOutOfDate, useFreshness } from '../live/freshness.tsx';
import { NAV_BADGE_REFRESH_MS } from '../live/live-query-options.ts';
import { useEvent } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCents, formatCount, formatDuration } from '../ui/format.ts';
import { StatTile } from '../ui/stat-tile.tsx';
import { useNow } from '../ui/use-now.ts';
import { DEVICE_OFFLINE_AFTER_MS, deviceHealth, summariseFleet } from './device-health.ts';
import { DeviceTable } from './device-table.tsx';
import { PairDeviceDialog } from './pair-device-dialog.tsx';
import { RevokeDeviceDialog } from './revoke-device-dialog.tsx';
import { useDevices } from './use-devices.ts';

/**
 * The fleet: every POS of the event, what it has not delivered yet and what
 * that money is, how long ago it was seen, its clock and app version, with
 * alerts first. New devices are paired from here, lost ones revoked.
 */
function DevicesPage() {
  const event = useEvent();
  const devices = useDevices(event.id);
  const freshness = useFreshness([devices]);
  const { now } = freshness;
  const [pairing, setPairing] = useState(false);
  const [revoking, setRevoking] = useState<DeviceDetails | null>(null);
  const list = devices.data?.items ?? [];
  const fleet = summariseFleet(list, now);
  return (
    <>
      <div className="page-head">
        <h1>Devices</h1>
        <Freshness freshness={freshness} />
        <button type="button" className="button-primary" onClick={() => setPairing(true)}>
          Pair a device
        </button>
      </div>
      {devices.isError && devices.data === undefined ? (
        <ErrorMessage error={devices.error} prefix="The devices could not be loaded:" />
      ) : null}
      <div className={isOutOfDate(freshness) ? 'figures figures-out-of-date' : 'figures'}>
        <div className="stats stats-4">
          <StatTile
            label="Money at risk"
            value={formatCents(fleet.amountAtRiskCents, event.currency)}
            testId="fleet-money-at-risk"
            tone={fleet.amountAtRiskCents > 0 ? 'warn' : 'neutral'}
            detail="sales taken but not yet delivered"
          />
          <StatTile
            label="Backlog"
            value={formatCount(fleet.backlogCount)}
            testId="fleet-backlog"
            tone={fleet.backlogCount > 0 ? 'warn' : 'neutral'}
            detail={`unsynced items on ${formatCount(fleet.devicesAtRisk)} ${fleet.devicesAtRisk === 1 ? 'device' : 'devices'}`}
          />
          <StatTile
            label="Online"
            value={`${formatCount(fleet.online)} of ${formatCount(fleet.paired)}`}
            testId="fleet-online"
            tone={fleet.online < fleet.paired ? 'info' : 'ok'}
            detail={`paired devices seen in the last ${formatDuration(DEVICE_OFFLINE_AFTER_MS)}`}
          />
          <StatTile
            label="Alerts"
            value={formatCount(fleet.withAlerts)}
            testId="fleet-alerts"
            tone={fleet.withAlerts > 0 ? 'danger' : 'neutral'}
            detail={fleet.withAlerts > 0 ? 'devices listed first' : 'all devices healthy'}
          />
        </div>
        {devices.data ? (
          <DeviceTable
            devices={sortByUrgency(list, now)}
            now={now}
            currency={event.currency}
            onRevoke={setRevoking}
          />
        ) : null}
      </div>
      {pairing ? <PairDeviceDialog onClose={() => setPairing(false)} /> : null}
      {revoking ? <RevokeDeviceDialog device={revoking} onClose={() => setRevoking(null)} /> : null}
    </>
  );
}

/** Devices with alerts first, then by money at risk, then by name. */
function sortByUrgency(devices: readonly DeviceDetails[], now: number): DeviceDetails[] {
  const keyed = devices.map((device) => ({
    device,
    alerts: deviceHealth(device, now).alerts.length,
  }));
  keyed.sort(
    (a, b) =>
      b.alerts - a.alerts ||
      (b.device.amountAtRiskCents ?? 0) - (a.device.amountAtRiskCents ?? 0) ||
      a.device.name.localeCompare(b.device.name),
  );
  return keyed.map((entry) => entry.device);
}

function DevicesBadge() {
  const event = useEvent();
  const devices = useDevices(event.id, NAV_BADGE_REFRESH_MS);
  const now = useNow(5_000);
  const alerts = devices.data ? summariseFleet(devices.data.items, now).withAlerts : 0;
  if (alerts === 0) return null;
  return (
    <span className="nav-badge nav-badge-danger">
      {alerts}
      <span className="visually-hidden"> {alerts === 1 ? 'device' : 'devices'} with alerts</span>
    </span>
  );
}

export const devicesSection: DashboardSection = {
  id: 'devices',
  label: 'Devices',
  Page: DevicesPage,
  Badge: DevicesBadge,
};
