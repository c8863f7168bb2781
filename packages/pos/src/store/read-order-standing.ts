import type { SqliteDatabase } from '../sqlite-database.ts';

/** What a void or a refund of an order needs to know of it on this device. */
export interface OrderStanding {
  readonly currency: string;
  readonly totalCents: number;
  readonly syncState: 'queued' | 'synced' | 'rejected';
  /** A void of it is queued or confirmed: nothing is left to take back. */
  readonly voided: boolean;
  /**
   * What its refunds took back, confirmed or queued (rejected ones count for
   * nothing: the server took nothing back).
   */
  readonly refundedCents: number;
}

/** The order's standing, or undefined when this device holds no such order. */
export function readOrderStanding(db: SqliteDatabase, orderId: string): OrderStanding | undefined {
  const row = db.get<Omit<OrderStanding, 'voided'> & { voided: number }>(
    `SELECT o.currency, o.total_cents AS totalCents, o.sync_state AS syncState,
            EXISTS (SELECT 1 FROM adjustments a WHERE a.order_id = o.id
                       AND a.kind = 'void' AND a.status <> 'rejected') AS voided,
            (SELECT coalesce(sum(coalesce(a.server_amount_cents, a.amount_cents)), 0)
               FROM adjustments a WHERE a.order_id = o.id
                AND a.kind = 'refund' AND a.status <> 'rejected') AS refundedCents
       FROM orders o WHERE o.id = ?`,
    [orderId],
  );
  return row === undefined ? undefined : { ...row, voided: row.voided === 1 };
}
