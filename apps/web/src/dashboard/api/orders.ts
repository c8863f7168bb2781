import type {
  OrderDetails,
  OrderReview,
  OrderSummary,
  ReviewOrderRequest,
} from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** `GET /v1/events/:eventId/orders/:orderId`: an order with its items, voids and refunds. */
export function readOrder(
  api: ApiClient,
  eventId: string,
  orderId: string,
  signal?: AbortSignal,
): Promise<OrderDetails> {
  return api.request('GET', eventPath(eventId, 'orders', orderId), signal ? { signal } : {});
}

/**
 * The most orders the orders page reads: one page per poll, newest first, so
 * the latest are always shown; the CSV export has every order.
 */
export const ORDERS_LISTED_MAX = 500;

/** `GET /v1/events/:eventId/orders`: the event's orders, newest arrival first; `flagged` keeps those needing review. */
export function listOrders(
  api: ApiClient,
  eventId: string,
  needsReview: boolean,
  signal?: AbortSignal,
): Promise<Listed<OrderSummary>> {
  const path = eventPath(eventId, 'orders') + (needsReview ? '?needsReview=true' : '');
  return listAllPages(api, path, { itemsMax: ORDERS_LISTED_MAX, ...(signal ? { signal } : {}) });
}

/** `POST /v1/events/:eventId/orders/:orderId/review`: records that a flagged order was seen, and why it stands. */
export function reviewOrder(
  api: ApiClient,
  eventId: string,
  orderId: string,
  request: ReviewOrderRequest,
): Promise<OrderReview> {
  return api.request('POST', eventPath(eventId, 'orders', orderId, 'review'), { body: request });
}
