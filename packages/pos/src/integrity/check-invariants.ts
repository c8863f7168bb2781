import type { SqliteDatabase } from '../sqlite-database.ts';
import type { StoreProblem } from './store-problem.ts';
import { problem } from './store-problem.ts';

/**
 * Rules every committed state of the store keeps, as queries that count the
 * rows breaking them. Each row can be intact on its own while the set is
 * not: a transaction half lost, a row gone with a damaged page.
 */
export const STORE_INVARIANTS: readonly (readonly [rule: string, countSql: string])[] = [
  [
    'every order work item has its order, queued',
    `SELECT count(*) AS n FROM outbox o WHERE o.kind = 'order.place' AND NOT EXISTS
       (SELECT 1 FROM orders x WHERE x.id = o.order_id AND x.sync_state = 'queued')`,
  ],
  [
    'every queued order has its work item',
    `SELECT count(*) AS n FROM orders x WHERE x.sync_state = 'queued'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.order_id = x.id)`,
  ],
  [
    'every rejected order item has its order, rejected',
    `SELECT count(*) AS n FROM rejected_items r WHERE r.kind = 'order.place' AND NOT EXISTS
       (SELECT 1 FROM orders x WHERE x.id = r.order_id AND x.sync_state = 'rejected')`,
  ],
  [
    'every rejected order has its rejected item',
    `SELECT count(*) AS n FROM orders x WHERE x.sync_state = 'rejected'
        AND NOT EXISTS (SELECT 1 FROM rejected_items r WHERE r.order_id = x.id)`,
  ],
  [
    'every order has items that add up to its total, less their discounts',
    `SELECT count(*) AS n FROM orders x WHERE x.total_cents IS NOT
       (SELECT sum(i.unit_price_cents * i.quantity - i.discount_cents)
        FROM order_items i WHERE i.order_id = x.id)`,
  ],
  [
    'every order item has its order',
    `SELECT count(*) AS n FROM order_items i
      WHERE NOT EXISTS (SELECT 1 FROM orders x WHERE x.id = i.order_id)`,
  ],
  [
    'every adjustment work item has its adjustment, queued, as its payload says',
    `SELECT count(*) AS n FROM outbox o WHERE o.kind = 'order.adjust' AND NOT EXISTS
       (SELECT 1 FROM adjustments a WHERE a.seq = o.seq AND a.status = 'queued'
           AND ${adjustmentAgrees('o')})`,
  ],
  [
    'every queued adjustment has its work item',
    `SELECT count(*) AS n FROM adjustments a WHERE a.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = a.seq AND o.kind = 'order.adjust')`,
  ],
  [
    'every rejected adjustment item has its adjustment, rejected, as its payload says',
    `SELECT count(*) AS n FROM rejected_items r WHERE r.kind = 'order.adjust' AND NOT EXISTS
       (SELECT 1 FROM adjustments a WHERE a.seq = r.seq AND a.status = 'rejected'
           AND ${adjustmentAgrees('r')})`,
  ],
  [
    'every rejected adjustment has its rejected item',
    `SELECT count(*) AS n FROM adjustments a WHERE a.status = 'rejected'
        AND NOT EXISTS (SELECT 1 FROM rejected_items r WHERE r.seq = a.seq
                           AND r.kind = 'order.adjust')`,
  ],
  [
    'every queued payload agrees with its row',
    `SELECT count(*) AS n FROM outbox WHERE ${payloadDisagrees()}`,
  ],
  [
    'every rejected payload agrees with its row',
    `SELECT count(*) AS n FROM rejected_items WHERE ${payloadDisagrees()}`,
  ],
  [
    'no seq is beyond the last one handed out',
    `SELECT count(*) AS n FROM (SELECT seq FROM outbox UNION ALL SELECT seq FROM rejected_items
                               UNION ALL SELECT seq FROM withdrawn_items)
      WHERE seq > (SELECT last_seq FROM store_state)`,
  ],
  [
    'sqlite_sequence agrees with the last seq handed out',
    `SELECT (SELECT count(*) FROM sqlite_sequence WHERE name <> 'outbox')
          + (coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)
             <> (SELECT last_seq FROM store_state)) AS n`,
  ],
];

/**
 * One parse of the payload per row: its identifying fields against the row's
 * columns. An order's names its order and carries its total; a void's or a
 * refund's names no order in its row (its adjustment does) and carries 0.
 */
function payloadDisagrees(): string {
  return `json_extract(payload, '$.kind', '$.idempotencyKey', '$.deviceSeq',
                            '$.payload.orderId', '$.payload.totalCents')
          IS NOT CASE kind
            WHEN 'order.adjust' THEN json_array(kind, idempotency_key, seq,
                                                json_extract(payload, '$.payload.orderId'), NULL)
            ELSE json_array(kind, idempotency_key, seq, order_id, amount_cents) END
          OR (kind = 'order.adjust' AND (order_id IS NOT NULL OR amount_cents <> 0))`;
}

/**
 * The adjustment row \`a\` holds what the work item (its \`payload\`, in the
 * table aliased \`item\`) asks for: id, order, kind, amount, reason, approver.
 */
function adjustmentAgrees(item: string): string {
  return `json_extract(${item}.payload, '$.payload.adjustmentId', '$.payload.orderId',
                       '$.payload.kind', '$.payload.amountCents', '$.payload.reason',
                       '$.payload.approval.staffUserId')
          IS json_array(a.id, a.order_id, a.kind, a.amount_cents, a.reason, a.approved_by)`;
}

export function checkInvariants(db: SqliteDatabase): StoreProblem[] {
  const problems: StoreProblem[] = [];
  for (const [rule, countSql] of STORE_INVARIANTS) {
    const broken = db.get<{ n: number }>(countSql)?.n ?? 0;
    if (broken > 0) problems.push(problem('invariant', `${rule}: ${broken} rows break it`));
  }
  return problems;
}
