import { useQuery } from '@tanstack/react-query';
import { listLocations } from '../api/locations.ts';
import { useSession } from '../session/session-context.ts';

export const locationsKey = (eventId: string) => ['locations', eventId] as const;

/** Locations change rarely (an owner renames one); a minute old is fresh enough. */
const LOCATIONS_FRESH_MS = 60_000;

export function useLocations(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: locationsKey(eventId),
    queryFn: ({ signal }) => listLocations(api, eventId, signal),
    staleTime: LOCATIONS_FRESH_MS,
  });
}
