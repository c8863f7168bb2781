import { useQuery } from '@tanstack/react-query';
import { listOrders } from '../api/orders.ts';
import { LIVE_REFRESH_MS, liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const ordersKey = (eventId: string) => ['order-list', eventId] as const;

/** The event's orders (all, or only those needing review), newest first, kept live. */
export function useOrders(
  eventId: string,
  needsReview: boolean,
  refetchIntervalMs = LIVE_REFRESH_MS,
) {
  const { api } = useSession();
  return useQuery({
    queryKey: [...ordersKey(eventId), needsReview ? 'needs-review' : 'all'],
    queryFn: ({ signal }) => listOrders(api, eventId, needsReview, signal),
    ...liveQueryOptions,
    refetchInterval: refetchIntervalMs,
  });
}
