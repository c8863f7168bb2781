import type { AdjustmentPayload, AdjustOrderWorkItem, ManagerApproval } from '@tabline/protocol';
import type { ApprovedFields } from '@tabline/domain';
import { assert } from '@tabline/domain';

export interface AdjustmentIdentity {
  readonly idempotencyKey: string;
  readonly deviceSeq: number;
}

/**
 * The work item that asks the server to record a void or a refund: the very
 * fields the manager's proof signs, and the approval. Fields are listed one
 * by one, in the protocol's order, so nothing else leaks into the JSON the
 * outbox stores; a void carries no amount.
 */
export function buildAdjustOrderWorkItem(
  fields: ApprovedFields,
  proof: string,
  identity: AdjustmentIdentity,
): AdjustOrderWorkItem {
  return {
    kind: 'order.adjust',
    idempotencyKey: identity.idempotencyKey,
    deviceSeq: identity.deviceSeq,
    payload: adjustmentPayload(fields, {
      staffUserId: fields.staffUserId,
      pinKeyId: fields.pinKeyId,
      proof,
    }),
  };
}

function adjustmentPayload(fields: ApprovedFields, approval: ManagerApproval): AdjustmentPayload {
  const common = {
    adjustmentId: fields.adjustmentId,
    orderId: fields.orderId,
    reason: fields.reason,
    placedAt: fields.placedAt,
    approval,
  };
  if (fields.kind === 'void') return { kind: 'void', ...common };
  assert(fields.amountCents !== null, 'a refund has an amount');
  return { kind: 'refund', ...common, amountCents: fields.amountCents };
}
