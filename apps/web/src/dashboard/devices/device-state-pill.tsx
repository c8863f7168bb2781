import { StatusPill } from '../ui/status-pill.tsx';
import type { Tone } from '../ui/status-pill.tsx';
import type { DeviceState } from './device-health.ts';

export const DEVICE_STATE_LABELS: Record<DeviceState, string> = {
  online: 'Online',
  offline: 'Offline',
  'never-seen': 'Not seen yet',
  revoked: 'Revoked',
  unpaired: 'Not paired',
};

const TONES: Record<DeviceState, Tone> = {
  online: 'ok',
  offline: 'danger',
  'never-seen': 'info',
  revoked: 'neutral',
  unpaired: 'neutral',
};

export function DeviceStatePill(props: { readonly state: DeviceState }) {
  return <StatusPill tone={TONES[props.state]}>{DEVICE_STATE_LABELS[props.state]}</StatusPill>;
}
