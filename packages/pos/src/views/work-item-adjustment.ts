import type { AdjustmentKind } from '@tabline/domain';

/**
 * The void or refund an `order.adjust` work item asks for, as the queue and
 * the rejected items show it (the item itself carries no money at risk).
 */
export interface WorkItemAdjustment {
  readonly id: string;
  readonly kind: AdjustmentKind;
  /** A refund's amount; null for a void (what is left of the order). */
  readonly amountCents: number | null;
  readonly reason: string;
}

/** The columns a view selects from `adjustments` joined as `a`, null for an order's item. */
export const WORK_ITEM_ADJUSTMENT_COLUMNS = `a.id AS adjustmentId, a.kind AS adjustmentKind,
  a.amount_cents AS adjustmentAmountCents, a.reason AS adjustmentReason`;

export interface WorkItemAdjustmentColumns {
  readonly adjustmentId: string | null;
  readonly adjustmentKind: AdjustmentKind | null;
  readonly adjustmentAmountCents: number | null;
  readonly adjustmentReason: string | null;
}

/** Splits the adjustment's columns off a view's row. */
export function withAdjustment<T extends WorkItemAdjustmentColumns>(
  row: T,
): Omit<T, keyof WorkItemAdjustmentColumns> & { adjustment: WorkItemAdjustment | null } {
  const { adjustmentId, adjustmentKind, adjustmentAmountCents, adjustmentReason, ...rest } = row;
  const adjustment =
    adjustmentId === null || adjustmentKind === null || adjustmentReason === null
      ? null
      : {
          id: adjustmentId,
          kind: adjustmentKind,
          amountCents: adjustmentAmountCents,
          reason: adjustmentReason,
        };
  return { ...rest, adjustment };
}
