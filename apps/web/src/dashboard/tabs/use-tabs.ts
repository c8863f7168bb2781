import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listTabs } from '../api/tabs.ts';
import { liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const tabsKey = (eventId: string) => ['tabs', eventId] as const;

/** The event's tabs matching `search` (all when empty), kept live; the last answer stays while a new search runs. */
export function useTabs(eventId: string, search: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: [...tabsKey(eventId), search],
    queryFn: ({ signal }) => listTabs(api, eventId, search, signal),
    ...liveQueryOptions,
    placeholderData: keepPreviousData,
  });
}
