import type { EventDetails } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** More events than anyone runs at once; the picker shows these. */
export const EVENTS_LISTED_MAX = 1_000;

/** `GET /v1/events`: the events the caller has a role for, with that role. */
export function listEvents(api: ApiClient, signal?: AbortSignal): Promise<Listed<EventDetails>> {
  return listAllPages(api, '/v1/events', {
    itemsMax: EVENTS_LISTED_MAX,
    ...(signal ? { signal } : {}),
  });
}
