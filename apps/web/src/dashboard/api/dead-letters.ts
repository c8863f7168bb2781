import type { DeadLetter, JobQueueName, RedriveRequest, RedriveResult } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** The most dead letters listed; one redrive moves up to REDRIVE_JOBS_MAX (1,000) too. */
export const DEAD_LETTERS_LISTED_MAX = 1_000;

/** `GET /v1/events/:eventId/dead-letters`: jobs about the event that failed every retry. */
export function listDeadLetters(
  api: ApiClient,
  eventId: string,
  queue: JobQueueName | null,
  signal?: AbortSignal,
): Promise<Listed<DeadLetter>> {
  const path = eventPath(eventId, 'dead-letters') + (queue === null ? '' : `?queue=${queue}`);
  return listAllPages(api, path, {
    itemsMax: DEAD_LETTERS_LISTED_MAX,
    ...(signal ? { signal } : {}),
  });
}

/**
 * `POST /v1/events/:eventId/dead-letters/redrive`: sends dead letters of one
 * queue (these `ids`, or all of the event's) back to run again. Their
 * handlers are safe to run twice, so a redrive never charges twice.
 */
export function redriveDeadLetters(
  api: ApiClient,
  eventId: string,
  request: RedriveRequest,
): Promise<RedriveResult> {
  return api.request('POST', eventPath(eventId, 'dead-letters', 'redrive'), { body: request });
}
