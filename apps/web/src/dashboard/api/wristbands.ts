import type { WristbandDetails } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';

/** `GET /v1/events/:eventId/wristbands/:uid`: a band by its code, as typed or scanned. */
export function readWristband(
  api: ApiClient,
  eventId: string,
  uid: string,
  signal?: AbortSignal,
): Promise<WristbandDetails> {
  return api.request('GET', eventPath(eventId, 'wristbands', uid), signal ? { signal } : {});
}

/**
 * `POST /v1/events/:eventId/wristbands/:uid/block` (a lost band: devices
 * refuse it after their next pull) or `…/unblock` (it was found).
 */
export function setWristbandBlocked(
  api: ApiClient,
  eventId: string,
  uid: string,
  blocked: boolean,
): Promise<WristbandDetails> {
  return api.request('POST', eventPath(eventId, 'wristbands', uid, blocked ? 'block' : 'unblock'));
}
