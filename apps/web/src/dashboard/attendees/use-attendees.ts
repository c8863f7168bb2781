import { useQuery } from '@tanstack/react-query';
import { listAttendees, readAttendee } from '../api/attendees.ts';
import { readWristband } from '../api/wristbands.ts';
import { isPermanent } from '../api/api-error.ts';
import { useSession } from '../session/session-context.ts';

export const attendeesKey = (eventId: string) => ['attendees', eventId] as const;
export const attendeeKey = (eventId: string, attendeeId: string) =>
  ['attendees', eventId, attendeeId] as const;
export const wristbandKey = (eventId: string, uid: string) => ['wristbands', eventId, uid] as const;

/** New attendees are registered at the gate all night: a list half a minute old will do. */
const ATTENDEES_FRESH_MS = 30_000;

export function useAttendees(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: attendeesKey(eventId),
    queryFn: ({ signal }) => listAttendees(api, eventId, signal),
    staleTime: ATTENDEES_FRESH_MS,
  });
}

export function useAttendee(eventId: string, attendeeId: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: attendeeKey(eventId, attendeeId ?? ''),
    queryFn: ({ signal }) => readAttendee(api, eventId, attendeeId!, signal),
    enabled: attendeeId !== null,
    retry: (count, error) => count < 2 && !isPermanent(error),
  });
}

/** A wristband looked up by its exact (normalised) code; null for none to look up. */
export function useWristbandLookup(eventId: string, uid: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: wristbandKey(eventId, uid ?? ''),
    queryFn: ({ signal }) => readWristband(api, eventId, uid!, signal),
    enabled: uid !== null,
    retry: false,
  });
}
