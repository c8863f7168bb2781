import type { LocalTime } from './local-time.ts';
import type { PromotionWindow } from './promotion.ts';

/**
 * True if the local time falls inside the window. Windows are read on the
 * wall clock, as staff and attendees read a happy hour: on a daylight saving
 * day a window in the skipped hour never opens, and one in the repeated hour
 * is open both times round.
 *
 * A window that crosses midnight (22:00-02:00) belongs to the day it started:
 * at 01:00 on Saturday it is Friday's window, so Friday must be one of its days.
 * A window whose start equals its end is empty (checkPromotion refuses it).
 */
export function isInWindow(window: PromotionWindow, local: LocalTime): boolean {
  const { startMinute, endMinute } = window;
  const minute = local.minuteOfDay;
  if (startMinute === endMinute) return false;
  if (startMinute < endMinute) {
    return minute >= startMinute && minute < endMinute && startsOn(window, local.weekday);
  }
  if (minute >= startMinute) return startsOn(window, local.weekday);
  if (minute < endMinute) return startsOn(window, previousWeekday(local.weekday));
  return false;
}

function startsOn(window: PromotionWindow, weekday: number): boolean {
  return window.daysOfWeek === null || window.daysOfWeek.includes(weekday);
}

function previousWeekday(weekday: number): number {
  return (weekday + 6) % 7;
}
