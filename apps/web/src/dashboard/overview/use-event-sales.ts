import { useQuery } from '@tanstack/react-query';
import { readEventSales } from '../api/sales.ts';
import { liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const salesKey = (eventId: string) => ['sales', eventId] as const;

/** The event's sales from its ledger, kept live. */
export function useEventSales(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: salesKey(eventId),
    queryFn: ({ signal }) => readEventSales(api, eventId, signal),
    ...liveQueryOptions,
  });
}
