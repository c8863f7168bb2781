import { randomUUID } from 'node:crypto';
import { PULL_PATH, STAFF_PIN_PATH } from '@tabline/protocol';
import type { AdjustOrderWorkItem, ApproverRecord, PullResponse } from '@tabline/protocol';
import { approvalProof, unlockPinKey } from '@tabline/domain';

/** A manager with a PIN, as a device knows them, with the PIN key it unlocked. */
export interface PinApprover {
  readonly record: ApproverRecord;
  readonly key: Uint8Array;
}

/**
 * Sets a member of staff's PIN through the API (with their session), then
 * pulls as a device to get their approver record and unlocks its key with
 * the PIN, as a POS does at the counter.
 */
export async function setPinAndUnlock(
  baseUrl: string,
  input: { sessionToken: string; deviceToken: string; staffUserId: string; pin: string },
): Promise<PinApprover> {
  const set = await fetch(baseUrl + STAFF_PIN_PATH, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${input.sessionToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ pin: input.pin }),
  });
  if (set.status !== 204) throw new Error(`setting the PIN failed: ${set.status}`);
  const pull = await fetch(baseUrl + PULL_PATH, {
    headers: { authorization: `Bearer ${input.deviceToken}` },
  });
  const { approvers } = (await pull.json()) as PullResponse;
  const record = approvers.find((approver) => approver.staffUserId === input.staffUserId);
  if (!record) throw new Error('the member of staff is not an approver on this device');
  const key = await unlockPinKey(input.pin, record);
  if (!key) throw new Error('the PIN does not unlock the pulled verifier');
  return { record, key };
}

/** A signed `order.adjust` work item: a void, or a refund when `amountCents` is given. */
export async function adjustOrderItem(
  approver: PinApprover,
  options: {
    orderId: string;
    amountCents?: number;
    reason?: string;
    deviceSeq?: number;
    placedAt?: string;
    adjustmentId?: string;
  },
): Promise<AdjustOrderWorkItem> {
  const common = {
    adjustmentId: options.adjustmentId ?? randomUUID(),
    orderId: options.orderId,
    reason: options.reason ?? 'wrong drink',
    placedAt: options.placedAt ?? new Date().toISOString(),
  };
  const signed = { staffUserId: approver.record.staffUserId, pinKeyId: approver.record.pinKeyId };
  const amountCents = options.amountCents ?? null;
  const proof = await approvalProof(approver.key, {
    ...common,
    ...signed,
    kind: amountCents === null ? 'void' : 'refund',
    amountCents,
  });
  const approval = { ...signed, proof };
  return {
    kind: 'order.adjust',
    idempotencyKey: randomUUID(),
    deviceSeq: options.deviceSeq ?? 1,
    payload:
      amountCents === null
        ? { kind: 'void', ...common, approval }
        : { kind: 'refund', ...common, amountCents, approval },
  };
}
