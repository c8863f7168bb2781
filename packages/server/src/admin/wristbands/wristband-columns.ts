import type { WristbandDetails } from '@tabline/protocol';

export const WRISTBAND_COLUMNS = `uid, attendee_id as "attendeeId", status,
  tab_limit_cents as "tabLimitCents"`;

export type WristbandRow = WristbandDetails;
