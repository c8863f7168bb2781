import { formatMoney, minorUnitDigits, money } from '@tabline/domain';

/**
 * How the dashboard writes numbers, money and times for people. Money is
 * formatted from its integer cents (never through a float), so a figure on
 * screen is the ledger's to the cent.
 */

const LOCALE = 'en-US';

export function formatCents(amountCents: number, currency: string): string {
  return formatMoney(money(amountCents, currency), LOCALE);
}

/**
 * An approximate, short amount for a chart's axis (`$1.2K`): never used for
 * a figure people read as a total.
 */
export function formatAxisCents(amountCents: number, currency: string): string {
  const format = new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return format.format(amountCents / 10 ** minorUnitDigits(currency));
}

export function formatCount(count: number): string {
  return count.toLocaleString(LOCALE);
}

/** A span of time in the largest units that matter: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** How long ago an instant was, as of `nowMs`: `just now`, `12 s ago`, `3 min ago`. */
export function formatAgo(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso);
  if (ms < 1500) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** A clock's offset from the server's: `2 min ahead`, `40 s behind`, `in step`. */
export function formatClockSkew(skewMs: number): string {
  if (Math.abs(skewMs) < 1000) return 'in step';
  return `${formatDuration(Math.abs(skewMs))} ${skewMs > 0 ? 'ahead' : 'behind'}`;
}

/** A date and time on the event's clocks: `Jul 5, 14:05`. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.parse(iso));
}

/** A time of day on the event's clocks: `14:05`. */
export function formatTimeOfDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.parse(iso));
}

/**
 * The last 8 digits of a UUID, enough to tell records apart on screen. Not
 * the first: ids are UUIDv7, whose first digits are the time they were
 * made, the same for orders taken in the same minute.
 */
export function shortId(id: string): string {
  return id.slice(-8);
}
