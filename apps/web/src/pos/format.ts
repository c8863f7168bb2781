import { formatMoney } from '@tabline/domain';

export function money(amountCents: number, currency: string | null): string {
  return formatMoney({ amountCents, currency: currency ?? 'USD' });
}

/** An age as staff read it at a glance: 45 s, 12 min, 3 h 5 min. */
export function age(ms: number | null): string {
  if (ms === null) return '–';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
