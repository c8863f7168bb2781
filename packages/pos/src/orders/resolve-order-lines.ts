import type { Failure, PricingLine, Result } from '@tabline/domain';
import { err, failure, ok } from '@tabline/domain';
import type { SellableProduct } from '../store/find-sellable-product.ts';
import type { OrderLineInput } from './place-order-input.ts';

/** A line ready for pricing, with the product's name to copy into the item. */
export interface ResolvedLine extends PricingLine {
  readonly productName: string;
}

/**
 * Finds each line's product in the local catalog: its name, category and
 * unit price. A product the catalog does not hold, or holds as off the menu,
 * refuses the whole order: staff see the menu the catalog gives, so such a
 * line comes from a stale screen.
 */
export function resolveOrderLines(
  lines: readonly OrderLineInput[],
  findProduct: (productId: string) => SellableProduct | undefined,
): Result<ResolvedLine[], Failure> {
  const resolved: ResolvedLine[] = [];
  for (const line of lines) {
    const product = findProduct(line.productId);
    if (product === undefined) {
      return err(failure('order.unknown_product', `Product ${line.productId} is not on the menu.`));
    }
    resolved.push({
      productId: product.id,
      productName: product.name,
      categoryId: product.categoryId,
      unitPriceCents: product.priceCents,
      quantity: line.quantity,
    });
  }
  return ok(resolved);
}
