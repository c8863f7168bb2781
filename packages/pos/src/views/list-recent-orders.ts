import type { Order, OrderItem } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';
import type { AdjustmentRow, OrderAdjustment } from './order-adjustment.ts';
import { ADJUSTMENT_COLUMNS, toOrderAdjustment } from './order-adjustment.ts';

export type OrderSyncState = 'queued' | 'synced' | 'rejected';

/** An order this device placed, with where it stands with the server. */
export interface RecentOrder extends Order {
  readonly syncState: OrderSyncState;
  /** When the server recorded it, as the server wrote it (RFC 3339). */
  readonly serverReceivedAt: string | null;
  /** Why the server flagged it for review (it is kept all the same). */
  readonly serverFlags: readonly string[];
  readonly rejection: { readonly code: string; readonly message: string } | null;
  /** Its voids and refunds made on this device, oldest first, rejected ones included. */
  readonly adjustments: readonly OrderAdjustment[];
  /**
   * What they took back: confirmed by the server (its amounts), and still
   * queued here (a queued void counts as what is left after the others).
   * Rejected ones took nothing back.
   */
  readonly takenBack: { readonly confirmedCents: number; readonly queuedCents: number };
  /** A void of it is queued or confirmed: nothing is left of it. */
  readonly voided: boolean;
}

interface OrderRow extends Omit<Order, 'items'> {
  readonly syncState: OrderSyncState;
  readonly serverReceivedAt: string | null;
  readonly serverFlags: string | null;
  readonly rejectionCode: string | null;
  readonly rejectionMessage: string | null;
}

interface ItemRow extends Omit<OrderItem, 'promotionIds'> {
  readonly orderId: string;
  readonly promotionIds: string;
}

const RECENT = 'SELECT id FROM orders ORDER BY placed_at DESC, id DESC LIMIT ?';

/** The latest orders by placed time, with their items and their voids and refunds. */
export function listRecentOrders(db: SqliteDatabase, limit: number): RecentOrder[] {
  const params = [checkViewLimit(limit)];
  const orders = db.all<OrderRow>(
    `SELECT id, wristband_uid AS wristbandUid, location_id AS locationId, currency,
            total_cents AS totalCents, placed_at AS placedAt, sync_state AS syncState,
            server_received_at AS serverReceivedAt, server_flags AS serverFlags,
            rejection_code AS rejectionCode, rejection_message AS rejectionMessage
       FROM orders WHERE id IN (${RECENT}) ORDER BY placed_at DESC, id DESC`,
    params,
  );
  const items = db.all<ItemRow>(
    `SELECT order_id AS orderId, product_id AS productId, product_name AS productName,
            category_id AS categoryId, unit_price_cents AS unitPriceCents, quantity,
            discount_cents AS discountCents, promotion_ids AS promotionIds
       FROM order_items WHERE order_id IN (${RECENT}) ORDER BY order_id, line_no`,
    params,
  );
  const adjustments = db
    .all<AdjustmentRow>(
      `SELECT ${ADJUSTMENT_COLUMNS} FROM adjustments
        WHERE order_id IN (${RECENT}) ORDER BY placed_at, seq`,
      params,
    )
    .map(toOrderAdjustment);
  return orders.map((row) =>
    toRecentOrder(
      row,
      items,
      adjustments.filter((adjustment) => adjustment.orderId === row.id),
    ),
  );
}

function toRecentOrder(
  row: OrderRow,
  items: readonly ItemRow[],
  adjustments: readonly OrderAdjustment[],
): RecentOrder {
  const { rejectionCode, rejectionMessage, serverFlags, ...order } = row;
  return {
    ...order,
    ...sumTakenBack(row.totalCents, adjustments),
    adjustments,
    items: items
      .filter((item) => item.orderId === row.id)
      .map(({ orderId: _orderId, promotionIds, ...item }) => ({
        ...item,
        promotionIds: JSON.parse(promotionIds) as string[],
      })),
    serverFlags: serverFlags === null ? [] : (JSON.parse(serverFlags) as string[]),
    rejection:
      rejectionCode === null || rejectionMessage === null
        ? null
        : { code: rejectionCode, message: rejectionMessage },
  };
}

/**
 * What the adjustments of an order took back. A queued void takes what the
 * others leave: the server will say exactly how much when it accepts it.
 */
function sumTakenBack(totalCents: number, adjustments: readonly OrderAdjustment[]) {
  let confirmedCents = 0;
  let queuedRefundsCents = 0;
  let voidQueued = false;
  let voided = false;
  for (const adjustment of adjustments) {
    if (adjustment.status === 'rejected') continue;
    voided ||= adjustment.kind === 'void';
    if (adjustment.status === 'confirmed') confirmedCents += adjustment.serverAmountCents ?? 0;
    else if (adjustment.kind === 'void') voidQueued = true;
    else queuedRefundsCents += adjustment.amountCents ?? 0;
  }
  const leftCents = Math.max(0, totalCents - confirmedCents - queuedRefundsCents);
  const queuedCents = queuedRefundsCents + (voidQueued ? leftCents : 0);
  return { takenBack: { confirmedCents, queuedCents }, voided };
}
