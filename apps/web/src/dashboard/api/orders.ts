import type { OrderDetails } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';

/** `GET /v1/events/:eventId/orders/:orderId`: an order with its items, voids and refunds. */
export function readOrder(
  api: ApiClient,
  eventId: string,
  orderId: string,
  signal?: AbortSignal,
): Promise<OrderDetails> {
  return api.request('GET', eventPath(eventId, 'orders', orderId), signal ? { signal } : {});
}
