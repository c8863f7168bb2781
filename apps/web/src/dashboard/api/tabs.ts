import type { TabSummary } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** The most tabs the tabs page reads: one page per poll; a search finds any other. */
export const TABS_LISTED_MAX = 500;

/**
 * `GET /v1/events/:eventId/tabs`: attendees' tabs with what each owes, oldest
 * first; `search` keeps those whose wearer's name holds it or one of whose
 * bands' codes starts with it.
 */
export function listTabs(
  api: ApiClient,
  eventId: string,
  search: string,
  signal?: AbortSignal,
): Promise<Listed<TabSummary>> {
  const path =
    eventPath(eventId, 'tabs') + (search === '' ? '' : `?q=${encodeURIComponent(search)}`);
  return listAllPages(api, path, { itemsMax: TABS_LISTED_MAX, ...(signal ? { signal } : {}) });
}
