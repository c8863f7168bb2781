/**
 * One line of an order as pricing sees it: a product, its category (which
 * category targeting matches) and the unit price and quantity as rung up.
 * An `OrderItem` plus its product's category is a pricing line.
 */
export interface PricingLine {
  readonly productId: string;
  readonly categoryId: string | null;
  readonly unitPriceCents: number;
  readonly quantity: number;
}
