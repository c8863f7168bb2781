import type { SqlClient } from '@tabline/database';
import { failure, verifyApprovalProof } from '@tabline/domain';
import type { Failure } from '@tabline/domain';
import type { AdjustmentPayload } from '@tabline/protocol';
import { IS_MANAGER_OF_EVENT } from './manager-of-event.ts';

interface PinKeyRow {
  readonly id: string;
  readonly userId: string;
  readonly pinKey: Uint8Array;
  readonly retiredAt: Date | null;
  readonly isManager: boolean;
}

/**
 * Checks the manager approval of each void or refund a device queued: the PIN
 * key must be the named manager's, current when the adjustment was made
 * (a PIN changed since still covers what was approved before the change), the
 * proof must sign exactly this adjustment, and the manager must be an active
 * manager or owner of the event now. Returns the failure of each adjustment
 * that does not pass, by adjustment id.
 */
export async function checkApprovals(
  db: SqlClient,
  eventId: string,
  payloads: readonly AdjustmentPayload[],
): Promise<Map<string, Failure>> {
  const failures = new Map<string, Failure>();
  if (payloads.length === 0) return failures;
  const { rows } = await db.query<PinKeyRow>(
    `select k.id, k.user_id as "userId", k.pin_key as "pinKey", k.retired_at as "retiredAt",
            ${IS_MANAGER_OF_EVENT} as "isManager"
     from staff_pin_keys k join staff_users u on u.id = k.user_id, events e
     where k.id = any($1::uuid[]) and e.id = $2`,
    [[...new Set(payloads.map((payload) => payload.approval.pinKeyId))], eventId],
  );
  const keys = new Map(rows.map((row) => [row.id, row]));
  for (const payload of payloads) {
    const problem = await checkApproval(payload, keys.get(payload.approval.pinKeyId));
    if (problem) failures.set(payload.adjustmentId, problem);
  }
  return failures;
}

async function checkApproval(
  payload: AdjustmentPayload,
  key: PinKeyRow | undefined,
): Promise<Failure | null> {
  const { approval } = payload;
  const invalid = (why: string) => failure('approval.invalid', why);
  if (!key || key.userId !== approval.staffUserId) {
    return invalid("The PIN key is not the approving manager's.");
  }
  if (key.retiredAt !== null && Date.parse(payload.placedAt) > key.retiredAt.getTime()) {
    return invalid('The approving PIN was changed before this was made.');
  }
  const proven = await verifyApprovalProof(
    key.pinKey,
    {
      kind: payload.kind,
      adjustmentId: payload.adjustmentId,
      orderId: payload.orderId,
      amountCents: payload.kind === 'refund' ? payload.amountCents : null,
      reason: payload.reason,
      placedAt: payload.placedAt,
      staffUserId: approval.staffUserId,
      pinKeyId: approval.pinKeyId,
    },
    approval.proof,
  );
  if (!proven) return invalid('The approval proof does not match this void or refund.');
  if (!key.isManager) {
    return failure(
      'approval.not_manager',
      'The approving member of staff is not an active manager or owner of this event.',
    );
  }
  return null;
}
