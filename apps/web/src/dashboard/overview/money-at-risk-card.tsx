import type { DeviceDetails } from '@tabline/protocol';
import { deviceHealth } from '../devices/device-health.ts';
import { DEVICE_STATE_LABELS } from '../devices/device-state-pill.tsx';
import { sectionHref } from '../layout/use-hash-route.ts';
import { Card } from '../ui/card.tsx';
import { formatCount } from '../ui/format.ts';
import { RankedBars } from './ranked-bars.tsx';

/** Devices ranked in the card; the devices page has them all. */
export const DEVICES_AT_RISK_SHOWN = 8;

/**
 * The devices holding sales the server has not received yet, by the money
 * in them: what a dropped or stolen tablet would cost right now.
 */
export function MoneyAtRiskCard(props: {
  readonly devices: readonly DeviceDetails[];
  readonly now: number;
  readonly currency: string;
}) {
  const atRisk = props.devices
    .filter((device) => (device.amountAtRiskCents ?? 0) > 0)
    .sort((a, b) => b.amountAtRiskCents! - a.amountAtRiskCents! || a.name.localeCompare(b.name));
  const shown = atRisk.slice(0, DEVICES_AT_RISK_SHOWN);
  return (
    <Card
      title="Money at risk by device"
      actions={
        <a className="card-link" href={sectionHref('devices')}>
          All devices
        </a>
      }
    >
      {shown.length === 0 ? (
        <p className="muted">Every device has delivered its sales to the server.</p>
      ) : (
        <RankedBars
          label="Unsynced sales by device"
          testId="money-at-risk-by-device"
          currency={props.currency}
          tone="warn"
          rows={shown.map((device) => ({
            id: device.id,
            label: device.name,
            amountCents: device.amountAtRiskCents!,
            detail: detailOf(device, props.now),
          }))}
        />
      )}
      {atRisk.length > shown.length ? (
        <p className="muted">and {formatCount(atRisk.length - shown.length)} more devices</p>
      ) : null}
    </Card>
  );
}

function detailOf(device: DeviceDetails, now: number): string {
  const unsynced = `${formatCount(device.backlogCount ?? 0)} unsynced`;
  const { state } = deviceHealth(device, now);
  return state === 'online' ? unsynced : `${unsynced}, ${DEVICE_STATE_LABELS[state].toLowerCase()}`;
}
