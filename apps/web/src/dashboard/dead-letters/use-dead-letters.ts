import { useQuery } from '@tanstack/react-query';
import { listDeadLetters } from '../api/dead-letters.ts';
import { LIVE_REFRESH_MS, liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const deadLettersKey = (eventId: string) => ['dead-letters', eventId] as const;

/**
 * The event's dead letters of every queue, kept live. The page and the sidebar share
 * one query; each asks as often as it needs (the sidebar less often).
 */
export function useDeadLetters(eventId: string, refetchIntervalMs = LIVE_REFRESH_MS) {
  const { api } = useSession();
  return useQuery({
    queryKey: deadLettersKey(eventId),
    queryFn: ({ signal }) => listDeadLetters(api, eventId, null, signal),
    ...liveQueryOptions,
    refetchInterval: refetchIntervalMs,
  });
}
