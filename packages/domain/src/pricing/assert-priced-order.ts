import { assert } from '../assert.ts';
import type { PricedOrder } from './priced-order.ts';

/**
 * Asserts that a priced order reconciles to the cent: every line discount is
 * whole cents from zero to the line's amount, the subtotal is the sum of the
 * amounts, the discount is both the sum of the line discounts and the sum of
 * the applied promotions, and the total is what is left, never negative.
 * A failure is a bug in pricing, never something to charge an attendee for.
 */
export function assertPricedOrder(order: PricedOrder): void {
  let amounts = 0;
  let lineDiscounts = 0;
  for (const line of order.lines) {
    assert(line.amountCents === line.unitPriceCents * line.quantity, 'amount is unit × quantity');
    assert(Number.isSafeInteger(line.discountCents), 'line discount is whole cents');
    assert(line.discountCents >= 0, 'line discount is not negative');
    assert(line.discountCents <= line.amountCents, 'line discount is at most its amount');
    amounts += line.amountCents;
    lineDiscounts += line.discountCents;
  }
  let appliedDiscounts = 0;
  for (const applied of order.applied) {
    assert(Number.isSafeInteger(applied.discountCents), 'applied discount is whole cents');
    appliedDiscounts += applied.discountCents;
  }
  assert(order.subtotalCents === amounts, 'subtotal is the sum of line amounts');
  assert(order.discountCents === lineDiscounts, 'discount is the sum of line discounts');
  assert(order.discountCents === appliedDiscounts, 'discount is the sum of applied promotions');
  assert(order.totalCents === order.subtotalCents - order.discountCents, 'total reconciles');
  assert(order.totalCents >= 0, 'total is not negative');
}
