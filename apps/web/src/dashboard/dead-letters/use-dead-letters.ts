import { useQuery } from '@tanstack/react-query';
import { listDeadLetters } from '../api/dead-letters.ts';
import { liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const deadLettersKey = (eventId: string) => ['dead-letters', eventId] as const;

/** The event's dead letters of every queue, kept live; the page and the nav share one poll. */
export function useDeadLetters(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: deadLettersKey(eventId),
    queryFn: ({ signal }) => listDeadLetters(api, eventId, null, signal),
    ...liveQueryOptions,
  });
}
