import type { PlacedAdjustment } from '../adjustments/adjust-order-input.ts';

export type AdjustmentStatus = 'queued' | 'confirmed' | 'rejected';

/** A void or a refund of an order, with where it stands with the server. */
export interface OrderAdjustment extends PlacedAdjustment {
  readonly status: AdjustmentStatus;
  /** What the server took back (for a void, what was left of the order), once it accepted it. */
  readonly serverAmountCents: number | null;
  /** When the server recorded it, as the server wrote it (RFC 3339). */
  readonly serverReceivedAt: string | null;
  readonly rejection: { readonly code: string; readonly message: string } | null;
}

/** An `adjustments` row as the views select it (`ADJUSTMENT_COLUMNS`). */
export interface AdjustmentRow extends Omit<OrderAdjustment, 'rejection'> {
  readonly rejectionCode: string | null;
  readonly rejectionMessage: string | null;
}

export const ADJUSTMENT_COLUMNS = `id, order_id AS orderId, kind, amount_cents AS amountCents,
  reason, approved_by AS approvedBy, placed_at AS placedAt, status,
  server_amount_cents AS serverAmountCents, server_received_at AS serverReceivedAt,
  rejection_code AS rejectionCode, rejection_message AS rejectionMessage`;

export function toOrderAdjustment(row: AdjustmentRow): OrderAdjustment {
  const { rejectionCode, rejectionMessage, ...adjustment } = row;
  return {
    ...adjustment,
    rejection:
      rejectionCode === null || rejectionMessage === null
        ? null
        : { code: rejectionCode, message: rejectionMessage },
  };
}
