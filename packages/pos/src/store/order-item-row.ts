import type { OrderItem } from '@tabline/domain';
import type { Row } from '../integrity/row-checksum.ts';

/** The `order_items` row of an order's `index`-th item (lines are numbered from 1). */
export function orderItemRow(orderId: string, item: OrderItem, index: number): Row {
  return {
    order_id: orderId,
    line_no: index + 1,
    product_id: item.productId,
    product_name: item.productName,
    unit_price_cents: item.unitPriceCents,
    quantity: item.quantity,
    category_id: item.categoryId,
    discount_cents: item.discountCents,
    promotion_ids: JSON.stringify(item.promotionIds),
  };
}
