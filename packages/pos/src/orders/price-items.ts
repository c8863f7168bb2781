import type { OrderItem, PricingContext, Promotion } from '@tabline/domain';
import { priceOrder } from '@tabline/domain';
import type { ResolvedLine } from './resolve-order-lines.ts';

/**
 * Prices the lines with the shared pricing code and the pulled promotions, at
 * the order's placed time, as the server will when it checks.
 */
export function priceItems(
  lines: readonly ResolvedLine[],
  promotions: readonly Promotion[],
  context: PricingContext,
): OrderItem[] {
  const priced = priceOrder(lines, promotions, context);
  return priced.lines.map((line, index) => ({
    productId: line.productId,
    productName: lines[index]!.productName,
    categoryId: line.categoryId,
    unitPriceCents: line.unitPriceCents,
    quantity: line.quantity,
    discountCents: line.discountCents,
    promotionIds: line.promotionIds,
  }));
}
