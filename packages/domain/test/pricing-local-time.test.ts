import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZone, localTime, priceOrder } from '../src/index.ts';
import { context, line, percentOff, promotion, promotionId } from './pricing-fixtures.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Weekday and minute by plain arithmetic, for a zone with a fixed offset. */
function fixedOffsetLocalTime(epochMs: number, offsetMinutes: number) {
  const local = epochMs + offsetMinutes * MINUTE_MS;
  const days = Math.floor(local / DAY_MS);
  return {
    weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    minuteOfDay: Math.floor((local - days * DAY_MS) / MINUTE_MS),
  };
}

describe('local time', () => {
  it('agrees with arithmetic in UTC for any instant from 1900 to 2200', () => {
    const instant = fc.integer({
      min: Date.parse('1900-01-01T00:00:00Z'),
      max: Date.parse('2200-01-01T00:00:00Z'),
    });
    fc.assert(
      fc.property(instant, (epochMs) => {
        expect(localTime(epochMs, 'UTC')).toEqual(fixedOffsetLocalTime(epochMs, 0));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with arithmetic in a half-hour zone without daylight saving (Asia/Kolkata)', () => {
    const instant = fc.integer({
      min: Date.parse('1950-01-01T00:00:00Z'),
      max: Date.parse('2100-01-01T00:00:00Z'),
    });
    fc.assert(
      fc.property(instant, (epochMs) => {
        expect(localTime(epochMs, 'Asia/Kolkata')).toEqual(fixedOffsetLocalTime(epochMs, 330));
      }),
      { numRuns: 2000 },
    );
  });

  it('moves the wall clock with daylight saving in Berlin', () => {
    // 2024-03-31 (a Sunday) 01:59 CET is followed by 03:00 CEST.
    expect(localTime(Date.parse('2024-03-31T00:59:00Z'), 'Europe/Berlin')).toEqual({
      weekday: 0,
      minuteOfDay: 60 + 59,
    });
    expect(localTime(Date.parse('2024-03-31T01:00:00Z'), 'Europe/Berlin')).toEqual({
      weekday: 0,
      minuteOfDay: 3 * 60,
    });
  });

  it('reads midnight as minute 0 of the new day, not hour 24 of the old', () => {
    expect(localTime(Date.parse('2024-07-05T22:00:00Z'), 'Europe/Berlin')).toEqual({
      weekday: 6,
      minuteOfDay: 0,
    });
  });

  it('tells known time zones from unknown ones, and names an unknown one when it fails', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => localTime(0, 'Mars/Olympus_Mons')).toThrow(/Mars\/Olympus_Mons/);
  });

  it('is needed only by promotions with a window', () => {
    const allDay = promotion({ id: promotionId(1), benefit: percentOff(1000) });
    const unknownZone = context({ timeZone: 'Mars/Olympus_Mons' });
    expect(priceOrder([line('beer', 1000)], [allDay], unknownZone).discountCents).toBe(100);
  });
});
