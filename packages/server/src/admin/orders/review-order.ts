import type { SqlClient } from '@tabline/database';
import type { OrderReview } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { isoTime } from '../iso-time.ts';

/**
 * Records a manager's review of a flagged order: the flags it has now, and
 * why it stands. Idempotent by nature: while every flag of the order is
 * covered by a review, another review records nothing and answers the
 * latest one (the first word stands). An order flagged again since (the
 * processor adds `wristband.*` and `pricing.*` flags) gets a new review of
 * its flags as they are. The order's row lock, which the processor takes
 * too, keeps two reviews and a new flag from crossing.
 */
export async function reviewOrder(
  tx: SqlClient,
  input: { eventId: string; orderId: string; reviewedBy: string; reason: string },
): Promise<OrderReview> {
  const { rows } = await tx.query<{ flags: string[]; covered: boolean }>(
    `select o.flags,
            o.flags <@ (select coalesce(array_agg(f.flag), '{}') from order_reviews r
                        cross join unnest(r.flags) as f (flag) where r.order_id = o.id) as covered
     from orders o where o.id = $1 and o.event_id = $2 for update of o`,
    [input.orderId, input.eventId],
  );
  const order = rows[0];
  if (!order) throw new ProblemError('resource.not_found', 'No such order.');
  if (order.flags.length === 0) {
    throw new ProblemError(
      'order.not_flagged',
      'The order has no flags: there is nothing to review.',
    );
  }
  if (!order.covered) {
    await tx.query(
      `insert into order_reviews (event_id, order_id, flags, reason, reviewed_by)
       values ($1, $2, $3, $4, $5)`,
      [input.eventId, input.orderId, order.flags, input.reason, input.reviewedBy],
    );
  }
  return readLatestReview(tx, input.orderId);
}

async function readLatestReview(tx: SqlClient, orderId: string): Promise<OrderReview> {
  const { rows } = await tx.query<Omit<OrderReview, 'reviewedAt'> & { reviewedAt: Date }>(
    `select r.order_id as "orderId", r.flags, r.reason, r.reviewed_by as "reviewedBy",
            s.name as "reviewedByName", r.reviewed_at as "reviewedAt"
     from order_reviews r join staff_users s on s.id = r.reviewed_by
     where r.order_id = $1 order by r.id desc limit 1`,
    [orderId],
  );
  const review = rows[0]!;
  return { ...review, reviewedAt: isoTime(review.reviewedAt) };
}
