import { useQuery } from '@tanstack/react-query';
import { listDevices } from '../api/devices.ts';
import { liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const devicesKey = (eventId: string) => ['devices', eventId] as const;

/** The event's fleet, kept live; the overview, the devices page and the nav share one poll. */
export function useDevices(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: devicesKey(eventId),
    queryFn: ({ signal }) => listDevices(api, eventId, signal),
    ...liveQueryOptions,
  });
}
