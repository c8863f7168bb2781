import type { JobQueue, Transaction } from '@tabline/database';
import type { AdjustOrderRequest } from '@tabline/protocol';
import { storeAdjustment } from '../../adjustments/store-adjustment.ts';
import { ProblemError } from '../../problem-error.ts';

/**
 * A void or refund made online by a manager: their session is the approval.
 * It is decided exactly as one a device queued (`storeAdjustment`); a
 * refusal is answered as a problem and nothing is kept, so a retry is
 * decided afresh (an order that has not reached the server yet may have by
 * then).
 */
export async function adjustOrder(
  tx: Transaction,
  jobs: JobQueue,
  input: {
    id: string;
    eventId: string;
    orderId: string;
    approvedBy: string;
    at: string;
    request: AdjustOrderRequest;
  },
): Promise<void> {
  const { request } = input;
  const outcome = await storeAdjustment(tx, jobs, {
    id: input.id,
    eventId: input.eventId,
    orderId: input.orderId,
    kind: request.kind,
    amountCents: request.kind === 'refund' ? request.amountCents : null,
    reason: request.reason,
    approvedBy: input.approvedBy,
    deviceId: null,
    placedAt: input.at,
    receivedAt: input.at,
  });
  if (outcome.outcome === 'rejected') {
    throw new ProblemError(outcome.error.code, outcome.error.message);
  }
}
