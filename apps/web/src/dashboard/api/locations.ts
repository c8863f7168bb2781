import type { LocationDetails } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** The most locations read: bars and stands of the biggest festival, and then some. */
export const LOCATIONS_LISTED_MAX = 1_000;

/** `GET /v1/events/:eventId/locations`: the event's bars and stands. */
export function listLocations(
  api: ApiClient,
  eventId: string,
  signal?: AbortSignal,
): Promise<Listed<LocationDetails>> {
  return listAllPages(api, eventPath(eventId, 'locations'), {
    itemsMax: LOCATIONS_LISTED_MAX,
    ...(signal ? { signal } : {}),
  });
}
