import type { PromotionWindow } from './promotion.ts';
import type { Problems } from './input-reader.ts';
import {
  allRead,
  readInteger,
  readList,
  readNullable,
  readRecord,
  report,
} from './input-reader.ts';

/** Minutes in a day: window times run from 0 to this. */
export const DAY_MINUTES = 1440;

/**
 * Reads a promotion window: start and end minutes from 0 to 1440 that differ
 * (an all-day promotion has no window), and null or distinct weekdays 0..6.
 */
export function checkWindow(value: unknown, path: string, problems: Problems) {
  const record = readRecord(value, path, problems);
  if (record === undefined) return undefined;
  const minutes = { min: 0, max: DAY_MINUTES };
  const window = allRead<PromotionWindow>({
    startMinute: readInteger(record['startMinute'], `${path}/startMinute`, problems, minutes),
    endMinute: readInteger(record['endMinute'], `${path}/endMinute`, problems, minutes),
    daysOfWeek: readNullable(record['daysOfWeek'], `${path}/daysOfWeek`, problems, readDays),
  });
  if (window !== undefined && window.startMinute === window.endMinute) {
    return report(problems, `${path}/endMinute`, 'must differ from startMinute');
  }
  return window;
}

function readDays(value: unknown, path: string, problems: Problems) {
  return readList(value, path, problems, { lengthMax: 7, unique: true }, (day, dayPath) =>
    readInteger(day, dayPath, problems, { min: 0, max: 6 }),
  );
}
