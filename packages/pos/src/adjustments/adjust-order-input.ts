import type { AdjustmentKind } from '@tabline/domain';

/**
 * A void or a refund as staff ask for it at the counter, with the approving
 * manager, who picked their name (from `approvers()`) and typed their PIN.
 */
export interface AdjustOrderInput {
  /** An order placed on this device. */
  readonly orderId: string;
  /** `void` takes back whatever is left of the order; `refund` takes back `amountCents`. */
  readonly kind: AdjustmentKind;
  /** Refunds only: whole cents, from 1 to what is left of the order. */
  readonly amountCents?: number;
  /** Why, in the words of staff; trimmed, 1 to ADJUSTMENT_REASON_LENGTH_MAX characters. */
  readonly reason: string;
  readonly approver: { readonly staffUserId: string; readonly pin: string };
}

/** A void or a refund stored and queued, approved and signed. */
export interface PlacedAdjustment {
  readonly id: string;
  readonly orderId: string;
  readonly kind: AdjustmentKind;
  /**
   * A refund's amount; null for a void, which takes back what is left of the
   * order when the server records it (it says how much when it accepts it).
   */
  readonly amountCents: number | null;
  readonly reason: string;
  /** The staff user id of the approving manager. */
  readonly approvedBy: string;
  /** Epoch ms, device clock. */
  readonly placedAt: number;
}
