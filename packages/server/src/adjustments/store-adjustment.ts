import { PROCESS_ORDER_QUEUE } from '@tabline/database';
import type { JobQueue, Transaction } from '@tabline/database';
import { failure } from '@tabline/domain';
import type { AdjustmentKind, Failure } from '@tabline/domain';
import type { AcceptedAdjustment } from '@tabline/protocol';

/** A void or refund to record, however it arrived (a device's queue, a manager online). */
export interface NewAdjustment {
  readonly id: string;
  readonly eventId: string;
  readonly orderId: string;
  readonly kind: AdjustmentKind;
  /** The refund's amount; null for a void, which takes what is left. */
  readonly amountCents: number | null;
  readonly reason: string;
  readonly approvedBy: string;
  /** The device that queued it; null when made online. */
  readonly deviceId: string | null;
  readonly placedAt: string;
  readonly receivedAt: string;
}

export type AdjustmentOutcome =
  | { readonly outcome: 'accepted'; readonly adjustment: AcceptedAdjustment }
  | { readonly outcome: 'rejected'; readonly error: Failure };

interface LockedOrder {
  readonly totalCents: number;
  readonly adjustedCents: number;
  readonly voided: boolean;
}

/**
 * Records a void or refund against its order, in the caller's transaction:
 * the order row is locked, so two adjustments of one order (two devices, a
 * device and a manager online) are decided one after the other and never
 * take back more than the order's total together. Enqueues the order's
 * processing job, which writes the reversing ledger entry once the order is
 * on a tab. The same adjustment id recorded before for the same order is
 * answered as it was (a retry under another key); any other reuse of the id
 * is refused.
 */
export async function storeAdjustment(
  tx: Transaction,
  jobs: JobQueue,
  adjustment: NewAdjustment,
): Promise<AdjustmentOutcome> {
  const order = await lockOrder(tx, adjustment.eventId, adjustment.orderId);
  if (!order) {
    return rejected(
      'adjustment.order_unknown',
      'No such order at this event: it was never accepted, or has not reached the server yet.',
    );
  }
  const earlier = await findAdjustment(tx, adjustment.id);
  if (earlier) {
    return earlier.orderId === adjustment.orderId && earlier.eventId === adjustment.eventId
      ? { outcome: 'accepted', adjustment: earlier.accepted }
      : rejected('adjustment.id_conflict', 'Another void or refund already has this id.');
  }
  if (order.voided) return rejected('adjustment.order_voided', 'The order was voided already.');
  const leftCents = order.totalCents - order.adjustedCents;
  const amountCents = adjustment.amountCents ?? leftCents;
  if (amountCents > leftCents) {
    return rejected(
      'adjustment.exceeds_order',
      `The refund is ${amountCents} but only ${leftCents} is left of the order.`,
    );
  }
  await tx.query(
    `insert into order_adjustments (id, event_id, order_id, kind, amount_cents, reason,
                                    approved_by, device_id, placed_at, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      adjustment.id,
      adjustment.eventId,
      adjustment.orderId,
      adjustment.kind,
      amountCents,
      adjustment.reason,
      adjustment.approvedBy,
      adjustment.deviceId,
      adjustment.placedAt,
      adjustment.receivedAt,
    ],
  );
  await tx.query(
    `update orders set adjusted_cents = adjusted_cents + $2,
                       voided_at = case when $3 then $4::timestamptz else voided_at end
     where id = $1`,
    [adjustment.orderId, amountCents, adjustment.kind === 'void', adjustment.receivedAt],
  );
  await jobs.enqueue(tx, PROCESS_ORDER_QUEUE, [{ orderIds: [adjustment.orderId] }]);
  return {
    outcome: 'accepted',
    adjustment: {
      adjustmentId: adjustment.id,
      orderId: adjustment.orderId,
      kind: adjustment.kind,
      amountCents,
      receivedAt: adjustment.receivedAt,
    },
  };
}

function rejected(code: Failure['code'], message: string): AdjustmentOutcome {
  return { outcome: 'rejected', error: failure(code, message) };
}

async function lockOrder(
  tx: Transaction,
  eventId: string,
  orderId: string,
): Promise<LockedOrder | null> {
  const { rows } = await tx.query<LockedOrder>(
    `select total_cents as "totalCents", adjusted_cents as "adjustedCents",
            voided_at is not null as voided
     from orders where id = $1 and event_id = $2 for update`,
    [orderId, eventId],
  );
  return rows[0] ?? null;
}

async function findAdjustment(tx: Transaction, id: string) {
  const { rows } = await tx.query<{
    eventId: string;
    orderId: string;
    kind: AdjustmentKind;
    amountCents: number;
    receivedAt: Date;
  }>(
    `select event_id as "eventId", order_id as "orderId", kind, amount_cents as "amountCents",
            received_at as "receivedAt"
     from order_adjustments where id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    eventId: row.eventId,
    orderId: row.orderId,
    accepted: {
      adjustmentId: id,
      orderId: row.orderId,
      kind: row.kind,
      amountCents: row.amountCents,
      receivedAt: row.receivedAt.toISOString(),
    } satisfies AcceptedAdjustment,
  };
}
