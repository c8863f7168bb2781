import { failure, itemAmountCents } from '@tabline/domain';
import type { Failure } from '@tabline/domain';
import type { OrderPayload } from '@tabline/protocol';

export interface OrderContext {
  readonly currency: string;
  readonly locationIds: ReadonlySet<string>;
}

/**
 * The checks an order must pass beyond its schema. Only what is malformed is
 * refused here: an order that is merely stale (an old price, a product since
 * removed, promotions priced on an old catalog) is real money already taken,
 * and is kept. The device's discounts are only checked to add up here: the
 * order processor prices the order again at its placed time and charges the
 * lower of the two totals (docs/PRICING.md, "What a tab is charged").
 */
export function checkOrderPayload(payload: OrderPayload, context: OrderContext): Failure | null {
  if (payload.currency !== context.currency) {
    return failure(
      'order.currency_mismatch',
      `The event's currency is ${context.currency}, the order's ${payload.currency}.`,
    );
  }
  let sum = 0;
  for (const item of payload.items) {
    const amount = itemAmountCents(item);
    const discount = item.discountCents;
    if (discount > amount) {
      return failure(
        'order.discount_invalid',
        `${item.productName} costs ${amount} but is discounted by ${discount}.`,
      );
    }
    sum += amount - discount;
  }
  if (payload.totalCents !== sum) {
    return failure(
      'order.total_mismatch',
      `The total is ${payload.totalCents} but the items less their discounts sum to ${sum}.`,
    );
  }
  if (payload.locationId !== null && !context.locationIds.has(payload.locationId)) {
    return failure('location.unknown', 'The location does not belong to this event.');
  }
  return null;
}
