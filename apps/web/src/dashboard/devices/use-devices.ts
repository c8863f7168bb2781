import { useQuery } from '@tanstack/react-query';
import { listDevices } from '../api/devices.ts';
import { LIVE_REFRESH_MS, liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const devicesKey = (eventId: string) => ['devices', eventId] as const;

/**
 * The event's fleet, kept live. The overview, the devices page and the sidebar share one
 * query; each asks as often as it needs (the sidebar less often).
 */
export function useDevices(eventId: string, refetchIntervalMs = LIVE_REFRESH_MS) {
  const { api } = useSession();
  return useQuery({
    queryKey: devicesKey(eventId),
    queryFn: ({ signal }) => listDevices(api, eventId, signal),
    ...liveQueryOptions,
    refetchInterval: refetchIntervalMs,
  });
}
