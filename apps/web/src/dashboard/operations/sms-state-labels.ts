import type { SmsCounts } from '@tabline/protocol';
import type { Tone } from '../ui/status-pill.tsx';

/** Each state a text can be in, in the bar's order, with its words and colour. */
export const SMS_STATES: readonly {
  readonly state: keyof SmsCounts;
  readonly label: string;
  readonly tone: Tone;
}[] = [
  { state: 'delivered', label: 'Delivered', tone: 'ok' },
  { state: 'sent', label: 'Sent', tone: 'info' },
  { state: 'sending', label: 'Sending', tone: 'info' },
  { state: 'queued', label: 'Waiting', tone: 'neutral' },
  { state: 'unknown', label: 'Being settled', tone: 'warn' },
  { state: 'skipped', label: 'Skipped', tone: 'neutral' },
  { state: 'optedOut', label: 'Opted out', tone: 'neutral' },
  { state: 'undelivered', label: 'Undelivered', tone: 'danger' },
  { state: 'failed', label: 'Failed', tone: 'danger' },
];
