import { CLOCK_SKEW_TOLERANCE_MS } from '@tabline/domain';
import type { OrderFlag } from '@tabline/domain';
import type { OrderPayload } from '@tabline/protocol';
import type { CatalogFacts } from './claim-keys-read-catalog.ts';

export interface FlagContext {
  readonly catalog: CatalogFacts;
  readonly serverTimeMs: number;
  /** The device's clock minus the server's, from the heartbeat of this push, if any. */
  readonly clockSkewMs: number | null;
}

/**
 * Why an accepted order deserves a second look, in a stable order. None of
 * these refuses the order: it was a sale, and it is kept.
 */
export function flagOrder(payload: OrderPayload, context: FlagContext): OrderFlag[] {
  const flags = new Set<OrderFlag>();
  for (const item of payload.items) {
    const product = context.catalog.products.get(item.productId);
    if (!product) flags.add('product.unknown');
    else if (!product.active) flags.add('product.inactive');
    else if (product.priceCents !== item.unitPriceCents) flags.add('price.changed');
  }
  if (payload.catalogVersion < context.catalog.cursor) flags.add('catalog.stale');
  const placedInFuture =
    Date.parse(payload.placedAt) - context.serverTimeMs > CLOCK_SKEW_TOLERANCE_MS;
  const skewed =
    context.clockSkewMs !== null && Math.abs(context.clockSkewMs) > CLOCK_SKEW_TOLERANCE_MS;
  if (placedInFuture || skewed) flags.add('clock.skewed');
  return [...flags];
}
