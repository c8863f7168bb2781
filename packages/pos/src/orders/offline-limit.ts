import type { KnownWristband } from '../store/find-wristband.ts';

/**
 * The most one wristband may have unconfirmed on this POS: the event's
 * offline spending limit, or the band's tab limit if that is lower. Null
 * before the first pull says what the event's limit is.
 */
export function offlineLimitCents(
  eventLimitCents: number | null,
  band: KnownWristband | undefined,
): number | null {
  const tabLimit = band?.tabLimitCents ?? null;
  if (eventLimitCents === null) return tabLimit;
  return tabLimit === null ? eventLimitCents : Math.min(eventLimitCents, tabLimit);
}
