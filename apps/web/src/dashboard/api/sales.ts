import type { EventSales } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';

/** `GET /v1/events/:eventId/sales`: totals and breakdowns from the ledger, in one snapshot. */
export function readEventSales(
  api: ApiClient,
  eventId: string,
  signal?: AbortSignal,
): Promise<EventSales> {
  return api.request('GET', eventPath(eventId, 'sales'), signal ? { signal } : {});
}
