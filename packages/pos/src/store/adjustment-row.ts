import type { AdjustOrderWorkItem } from '@tabline/protocol';
import type { Row } from '../integrity/row-checksum.ts';

/** Where a void or a refund stands before the server accepts it. */
export type UnansweredAdjustment =
  | { readonly status: 'queued' }
  | { readonly status: 'rejected'; readonly code: string; readonly message: string };

/**
 * The `adjustments` row of a void or a refund, made from its work item: the
 * payload holds everything the row holds but the server's answer. Queuing
 * one and rebuilding one from the journal after damage both go through
 * here, so the row always says what the signed payload says. (This is also
 * why a queued void keeps no amount: what it takes back is the server's to
 * say.) When the adjustment payload gains a field the row keeps, this is
 * the one place to map it.
 */
export function adjustmentRow(workItem: AdjustOrderWorkItem, state: UnansweredAdjustment): Row {
  const { payload } = workItem;
  const rejection = state.status === 'rejected' ? state : null;
  return {
    id: payload.adjustmentId,
    seq: workItem.deviceSeq,
    order_id: payload.orderId,
    kind: payload.kind,
    amount_cents: payload.kind === 'refund' ? payload.amountCents : null,
    reason: payload.reason,
    approved_by: payload.approval.staffUserId,
    placed_at: Date.parse(payload.placedAt),
    status: state.status,
    server_amount_cents: null,
    server_received_at: null,
    rejection_code: rejection?.code ?? null,
    rejection_message: rejection?.message ?? null,
  };
}
