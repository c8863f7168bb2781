import type { Failure, OrderItem, Result } from '@tabline/domain';
import { err, failure, ok } from '@tabline/domain';
import type { SellableProduct } from '../store/find-sellable-product.ts';
import type { OrderLineInput } from './place-order-input.ts';

/**
 * Prices each line from the local catalog, copying the product's name and
 * unit price into the item. A product the catalog does not hold, or holds as
 * off the menu, refuses the whole order: staff see the menu the catalog
 * gives, so such a line comes from a stale screen.
 */
export function priceOrderItems(
  lines: readonly OrderLineInput[],
  findProduct: (productId: string) => SellableProduct | undefined,
): Result<OrderItem[], Failure> {
  const items: OrderItem[] = [];
  for (const line of lines) {
    const product = findProduct(line.productId);
    if (product === undefined) {
      return err(failure('order.unknown_product', `Product ${line.productId} is not on the menu.`));
    }
    items.push({
      productId: product.id,
      productName: product.name,
      unitPriceCents: product.priceCents,
      quantity: line.quantity,
    });
  }
  return ok(items);
}
