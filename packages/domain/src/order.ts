import { assert } from './assert.ts';
import type { Failure } from './error-codes.ts';
import { failure } from './error-codes.ts';
import {
  ORDER_ITEMS_MAX,
  ORDER_ITEM_QUANTITY_MAX,
  ORDER_TOTAL_CENTS_MAX,
  UNIT_PRICE_CENTS_MAX,
} from './limits.ts';
import type { CurrencyCode } from './money.ts';
import type { Result } from './result.ts';
import { err, ok } from './result.ts';

/**
 * One product line of an order: a product, its unit price when the order was
 * placed, how many, and what promotions took off it. The name, price and
 * discount are copied into the item, so an order keeps meaning what it meant
 * when the catalog or the promotions later change. The item costs
 * unitPriceCents × quantity − discountCents.
 */
export interface OrderItem {
  readonly productId: string;
  readonly productName: string;
  readonly categoryId: string | null;
  readonly unitPriceCents: number;
  readonly quantity: number;
  readonly discountCents: number;
  readonly promotionIds: readonly string[];
}

/**
 * A sale rung up on a POS for one wristband. The POS makes its id and its
 * placed time (the device's clock), and both stay with it for good.
 */
export interface Order {
  readonly id: string;
  readonly wristbandUid: string;
  readonly locationId: string | null;
  readonly currency: CurrencyCode;
  readonly items: readonly OrderItem[];
  readonly totalCents: number;
  /** Epoch milliseconds on the device's clock when the order was placed. */
  readonly placedAt: number;
}

export function itemAmountCents(item: Pick<OrderItem, 'unitPriceCents' | 'quantity'>): number {
  return item.unitPriceCents * item.quantity;
}

/** What the items cost together, less their discounts. */
export function orderTotalCents(
  items: readonly Pick<OrderItem, 'unitPriceCents' | 'quantity' | 'discountCents'>[],
) {
  let total = 0;
  for (const item of items) total += itemAmountCents(item) - item.discountCents;
  return total;
}

/** Checks what the limits allow: item count, quantities, prices and the total. */
export function checkOrderItems(items: readonly OrderItem[]): Result<void, Failure> {
  if (items.length === 0) return err(failure('order.empty', 'An order needs at least one item.'));
  if (items.length > ORDER_ITEMS_MAX) {
    return err(failure('order.too_many_items', `An order holds at most ${ORDER_ITEMS_MAX} items.`));
  }
  for (const item of items) {
    const quantityOk = Number.isInteger(item.quantity) && item.quantity >= 1;
    if (!quantityOk || item.quantity > ORDER_ITEM_QUANTITY_MAX) {
      return err(
        failure(
          'order.quantity_invalid',
          `Quantity of ${item.productName} must be a whole number from 1 to ${ORDER_ITEM_QUANTITY_MAX}.`,
        ),
      );
    }
    assert(
      Number.isInteger(item.unitPriceCents) && item.unitPriceCents >= 0,
      `price of ${item.productId} is whole, non-negative cents`,
    );
    if (item.unitPriceCents > UNIT_PRICE_CENTS_MAX) {
      return err(failure('order.total_too_large', `${item.productName} costs more than allowed.`));
    }
  }
  if (orderTotalCents(items) > ORDER_TOTAL_CENTS_MAX) {
    return err(failure('order.total_too_large', 'The order total is above the limit.'));
  }
  return ok(undefined);
}
