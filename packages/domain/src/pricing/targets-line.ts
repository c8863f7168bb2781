import type { PricingLine } from './pricing-line.ts';
import type { PromotionTarget } from './promotion.ts';

/** True if the target matches the line's product or category. A line without a category matches no category target. */
export function targetsLine(target: PromotionTarget, line: PricingLine): boolean {
  switch (target.kind) {
    case 'all':
      return true;
    case 'products':
      return target.productIds.includes(line.productId);
    case 'categories':
      return line.categoryId !== null && target.categoryIds.includes(line.categoryId);
    default: {
      const unknown: never = target;
      throw new Error(`Unknown target ${JSON.stringify(unknown)}`);
    }
  }
}
