import { useQuery } from '@tanstack/react-query';
import { readQueues, readSms } from '../api/operations.ts';
import { liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

/**
 * How often the SMS status is asked for: the server counts every text of
 * the event to answer, so it is polled no faster than the API asks (10 s).
 */
export const SMS_REFRESH_MS = 10_000;

/** The event's job queues, kept live. */
export function useQueues(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['queues', eventId],
    queryFn: ({ signal }) => readQueues(api, eventId, signal),
    ...liveQueryOptions,
  });
}

/** The event's texts by state and the provider's breaker, polled every SMS_REFRESH_MS. */
export function useSms(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['sms', eventId],
    queryFn: ({ signal }) => readSms(api, eventId, signal),
    ...liveQueryOptions,
    refetchInterval: SMS_REFRESH_MS,
  });
}
