import { failure, orderTotalCents } from '@tabline/domain';
import type { Failure } from '@tabline/domain';
import type { OrderPayload } from '@tabline/protocol';

export interface OrderContext {
  readonly currency: string;
  readonly locationIds: ReadonlySet<string>;
}

/**
 * The checks an order must pass beyond its schema. Only what is malformed is
 * refused here: an order that is merely stale (an old price, a product since
 * removed) is real money already taken, and is kept.
 */
export function checkOrderPayload(payload: OrderPayload, context: OrderContext): Failure | null {
  if (payload.currency !== context.currency) {
    return failure(
      'order.currency_mismatch',
      `The event's currency is ${context.currency}, the order's ${payload.currency}.`,
    );
  }
  const sum = orderTotalCents(payload.items);
  if (payload.totalCents !== sum) {
    return failure(
      'order.total_mismatch',
      `The total is ${payload.totalCents} but the items sum to ${sum}.`,
    );
  }
  if (payload.locationId !== null && !context.locationIds.has(payload.locationId)) {
    return failure('location.unknown', 'The location does not belong to this event.');
  }
  return null;
}
