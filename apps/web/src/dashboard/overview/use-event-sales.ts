import { useQuery } from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import type { EventSales } from '@tabline/protocol';
import { readEventSales } from '../api/sales.ts';
import { LIVE_REFRESH_MS, liveQueryOptions } from '../live/live-query-options.ts';
import { useSession } from '../session/session-context.ts';

export const salesKey = (eventId: string) => ['sales', eventId] as const;

/**
 * The sales endpoint reads every order of the event: about 1 s for 100,000
 * orders, during which, on PGlite, order intake waits (docs/OPERATING.md,
 * "Sales"). So the overview waits at least this many times as long as the
 * last answer took before asking again: a small event refreshes every
 * LIVE_REFRESH_MS, a huge one less often, and one open dashboard never takes
 * more than a tenth of the database's time.
 */
export const SALES_POLL_COST_FACTOR = 10;

/** The longest wait between two reads of the sales, however slow they are. */
export const SALES_REFRESH_MS_MAX = 30_000;

/** The sales with how long the server took to answer them. */
export interface TimedSales {
  readonly sales: EventSales;
  readonly tookMs: number;
}

/** The event's sales from its ledger, kept live at a pace the server can afford. */
export function useEventSales(eventId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: salesKey(eventId),
    queryFn: async ({ signal }): Promise<TimedSales> => {
      const started = performance.now();
      const sales = await readEventSales(api, eventId, signal);
      return { sales, tookMs: performance.now() - started };
    },
    ...liveQueryOptions,
    refetchInterval: salesRefreshMs,
  });
}

function salesRefreshMs(query: Query<TimedSales, Error>): number {
  const tookMs = query.state.data?.tookMs ?? 0;
  return Math.min(SALES_REFRESH_MS_MAX, Math.max(LIVE_REFRESH_MS, tookMs * SALES_POLL_COST_FACTOR));
}
