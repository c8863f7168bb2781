import type { EventDetails } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';

/** The columns an event is answered with; `e` is the events table. */
export const EVENT_COLUMNS = `e.id, e.name, e.currency, e.time_zone as "timeZone",
  e.offline_spending_limit_cents as "offlineSpendingLimitCents",
  e.offline_warning_seconds as "offlineWarningSeconds", e.created_at as "createdAt"`;

export interface EventRow extends Omit<EventDetails, 'createdAt' | 'role'> {
  readonly createdAt: Date;
}

export function toEventDetails(row: EventRow, role: EventDetails['role']): EventDetails {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timeZone: row.timeZone,
    offlineSpendingLimitCents: row.offlineSpendingLimitCents,
    offlineWarningSeconds: row.offlineWarningSeconds,
    createdAt: isoTime(row.createdAt),
    role,
  };
}
