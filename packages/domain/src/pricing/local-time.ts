/**
 * The wall-clock time of an instant in a time zone, as promotion windows need
 * it: the local weekday and the minute of the local day. Intl does the time
 * zone arithmetic from the platform's time zone database, so offsets and
 * daylight saving changes come out as people at the event see their clocks.
 */
export interface LocalTime {
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekday: number;
  /** Minutes after local midnight, 0..1439. */
  readonly minuteOfDay: number;
}

/** Formatters are costly to build; this many time zones are kept, then the cache starts over. */
const FORMATTERS_CACHED_MAX = 32;

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local weekday and minute of `epochMs` in the IANA `timeZone`. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(epochMs);
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (part === undefined) throw new Error(`Intl gave no ${type} for ${timeZone}`);
    return Number(part.value);
  };
  // The weekday comes from the local calendar date rather than a weekday name,
  // so it does not depend on how a locale spells days. Day 0 of the epoch,
  // 1970-01-01, was a Thursday (4).
  const localDays = Date.UTC(field('year'), field('month') - 1, field('day')) / DAY_MS;
  return {
    weekday: (((localDays + 4) % 7) + 7) % 7,
    minuteOfDay: field('hour') * 60 + field('minute'),
  };
}

/** True if the platform knows `timeZone` as an IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  const formatter = buildFormatter(timeZone);
  if (formatters.size >= FORMATTERS_CACHED_MAX) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

function buildFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    // `hourCycle: 'h23'` gives 0..23; `hour12: false` gives "24" at midnight on some engines.
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch (error) {
    throw new Error(`Unknown time zone: ${timeZone}`, { cause: error });
  }
}
