import { SALES_QUARTER_MS } from '@tabline/database';
import type { SalesChange } from '@tabline/database';
import { shareByAmounts } from '@tabline/domain';

/** What an order's sales figures need: where, when, and its lines as rung up. */
export interface OrderForSales {
  readonly locationId: string | null;
  /** Epoch ms, the device's placed time. */
  readonly placedAt: number;
  readonly items: readonly {
    readonly productId: string;
    readonly productName: string;
    readonly unitPriceCents: number;
    readonly quantity: number;
    readonly discountCents: number;
  }[];
}

const NONE = {
  locationId: null,
  quarterStartMs: null,
  productId: null,
  productName: null,
  chargedCents: 0,
  voidedCents: 0,
  refundedCents: 0,
  netCents: 0,
  orders: 0,
  quantity: 0,
} as const;

/**
 * The sales changes of an order processed now and charged `chargedCents`
 * (0 when charged to no one): one more processed order, with that net, for
 * the event, its location and its quarter hour; its lines' units and net
 * shares for their products.
 */
export function processedOrderChanges(order: OrderForSales, chargedCents: number): SalesChange[] {
  return [
    { ...NONE, dimension: 'event', chargedCents, netCents: chargedCents, orders: 1 },
    ...placeChanges(order, { netCents: chargedCents, orders: 1 }),
    ...lineShares(order, chargedCents).map((line) => ({
      ...NONE,
      ...line,
      dimension: 'product' as const,
    })),
  ];
}

/**
 * The sales changes of voids and refunds reversed on the tab now, which
 * took the order's net from `netBeforeCents` down by what they took back:
 * the event's voided and refunded figures, and the new net for its
 * location, quarter and products (each line's new share less its old, so
 * the shares still sum to the order's net). Units do not change.
 */
export function reversalChanges(
  order: OrderForSales,
  reversal: { netBeforeCents: number; voidedCents: number; refundedCents: number },
): SalesChange[] {
  const takenCents = reversal.voidedCents + reversal.refundedCents;
  if (takenCents === 0) return [];
  const netAfterCents = reversal.netBeforeCents - takenCents;
  const before = lineShares(order, reversal.netBeforeCents);
  return [
    {
      ...NONE,
      dimension: 'event',
      voidedCents: reversal.voidedCents,
      refundedCents: reversal.refundedCents,
      netCents: -takenCents,
    },
    ...placeChanges(order, { netCents: -takenCents, orders: 0 }),
    ...lineShares(order, netAfterCents)
      .map((line, index) => ({
        ...NONE,
        dimension: 'product' as const,
        productId: line.productId,
        productName: line.productName,
        netCents: line.netCents - before[index]!.netCents,
      }))
      .filter((change) => change.netCents !== 0),
  ];
}

function placeChanges(order: OrderForSales, change: { netCents: number; orders: number }) {
  const quarterStartMs = Math.floor(order.placedAt / SALES_QUARTER_MS) * SALES_QUARTER_MS;
  return [
    { ...NONE, ...change, dimension: 'location' as const, locationId: order.locationId },
    { ...NONE, ...change, dimension: 'quarter' as const, quarterStartMs },
  ];
}

/**
 * Each line's product, units and net share, for an order net of `netCents`.
 * Lines of the same product stay apart: the fold adds them up, and keeps
 * the least name by the database's collation, as it does across orders.
 */
function lineShares(order: OrderForSales, netCents: number) {
  const amounts = order.items.map(
    (item) => item.unitPriceCents * item.quantity - item.discountCents,
  );
  const shares = shareByAmounts(netCents, amounts);
  return order.items.map((item, index) => ({
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    netCents: shares[index]!,
  }));
}
