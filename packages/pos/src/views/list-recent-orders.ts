import type { Order, OrderItem } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { checkViewLimit } from './check-view-limit.ts';

export type OrderSyncState = 'queued' | 'synced' | 'rejected';

/** An order this device placed, with where it stands with the server. */
export interface RecentOrder extends Order {
  readonly syncState: OrderSyncState;
  /** When the server recorded it, as the server wrote it (RFC 3339). */
  readonly serverReceivedAt: string | null;
  /** Why the server flagged it for review (it is kept all the same). */
  readonly serverFlags: readonly string[];
  readonly rejection: { readonly code: string; readonly message: string } | null;
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

/** The latest orders by placed time, with their items. */
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
  return orders.map((row) => toRecentOrder(row, items));
}

function toRecentOrder(row: OrderRow, items: readonly ItemRow[]): RecentOrder {
  const { rejectionCode, rejectionMessage, serverFlags, ...order } = row;
  return {
    ...order,
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
