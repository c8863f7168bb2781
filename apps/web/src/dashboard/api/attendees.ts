import type { AttendeeDetails, AttendeeWithWristbands } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/**
 * The most attendees read for the search box, which filters in the browser
 * (the API has no search yet). A bigger event is still searchable by
 * wristband code, which the API looks up exactly.
 */
export const ATTENDEES_LISTED_MAX = 5_000;

/** `GET /v1/events/:eventId/attendees`: the people wearing wristbands, by id. */
export function listAttendees(
  api: ApiClient,
  eventId: string,
  signal?: AbortSignal,
): Promise<Listed<AttendeeDetails>> {
  return listAllPages(api, eventPath(eventId, 'attendees'), {
    itemsMax: ATTENDEES_LISTED_MAX,
    ...(signal ? { signal } : {}),
  });
}

/** `GET /v1/events/:eventId/attendees/:attendeeId`: one attendee with every wristband issued to them. */
export function readAttendee(
  api: ApiClient,
  eventId: string,
  attendeeId: string,
  signal?: AbortSignal,
): Promise<AttendeeWithWristbands> {
  return api.request('GET', eventPath(eventId, 'attendees', attendeeId), signal ? { signal } : {});
}
