/**
 * One change to an event's sales figures, as the order processor appends it
 * (`sales_changes`) in the transaction of the ledger entries it comes from,
 * and a fold adds it into the running sums (`sales_rollups`). Migration 0009
 * describes the figures. Amounts are cents; each field is what the figure
 * moves by.
 */
export interface SalesChange {
  readonly dimension: SalesDimension;
  /** The figure of a location (null: a device with no location), for `location`. */
  readonly locationId: string | null;
  /** Epoch ms of the quarter hour's start, for `quarter`. */
  readonly quarterStartMs: number | null;
  readonly productId: string | null;
  /** The name as rung up; the least one is kept, for products the menu never had. */
  readonly productName: string | null;
  readonly chargedCents: number;
  readonly voidedCents: number;
  readonly refundedCents: number;
  readonly netCents: number;
  /** Processed orders. */
  readonly orders: number;
  /** Units on processed orders. */
  readonly quantity: number;
}

export type SalesDimension = 'event' | 'location' | 'quarter' | 'product';

/** Quarter hours: every time zone's offset has been a whole number of them since 1980. */
export const SALES_QUARTER_MS = 15 * 60_000;
