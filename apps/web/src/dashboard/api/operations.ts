import type { QueueStatus, SmsStatus } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';

/** `GET /v1/events/:eventId/queues`: the event's jobs waiting, running and dead, and tab discrepancies. */
export function readQueues(
  api: ApiClient,
  eventId: string,
  signal?: AbortSignal,
): Promise<QueueStatus> {
  return api.request('GET', eventPath(eventId, 'queues'), signal ? { signal } : {});
}

/** `GET /v1/events/:eventId/sms`: the event's texts by state, the provider's breaker, the latest failures. */
export function readSms(api: ApiClient, eventId: string, signal?: AbortSignal): Promise<SmsStatus> {
  return api.request('GET', eventPath(eventId, 'sms'), signal ? { signal } : {});
}
