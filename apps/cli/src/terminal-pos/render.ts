import { formatMoney } from '@tabline/domain';
import type {
  PosDeviceInfo,
  PosStatus,
  QueuedWorkItem,
  RecentOrder,
  RejectedItem,
  SyncError,
} from '@tabline/pos';
import type { MenuEntry } from './menu-entries.ts';

/** Plain-text views for the terminal POS. Pure: data in, lines out. */

const money = (cents: number, currency: string | null) =>
  currency ? formatMoney({ amountCents: cents, currency }) : `${cents}¢`;

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function renderMenu(device: PosDeviceInfo | null, entries: readonly MenuEntry[]): string {
  if (!device || entries.length === 0)
    return 'No menu yet. Run "pull" while the server is reachable.';
  const lines = [
    `${device.eventName ?? 'Event'} · ${device.deviceName ?? 'POS'} (${device.currency})`,
  ];
  let category: string | null | undefined;
  for (const entry of entries) {
    if (entry.category !== category) {
      category = entry.category;
      lines.push(` ${category ?? 'Other'}`);
    }
    lines.push(
      `   ${String(entry.number).padStart(2)}  ${entry.name.padEnd(24)} ${money(entry.priceCents, device.currency).padStart(10)}`,
    );
  }
  return lines.join('\n');
}

export function renderStatus(status: PosStatus, nowMs: number): string {
  const parts = [
    `backlog ${status.backlogCount} (${money(status.amountAtRiskCents, status.currency)} not yet on the server)`,
    status.oldestQueuedAt === null
      ? 'nothing waiting'
      : `oldest waiting ${Math.round((nowMs - status.oldestQueuedAt) / 1000)} s`,
    status.lastSyncAt === null ? 'never synced' : `last sync ${time(status.lastSyncAt)}`,
    `${status.rejectedCount} rejected`,
  ];
  if (status.sync) parts.push(`sync ${status.sync.state}${nextAttempt(status, nowMs)}`);
  const warning = status.offlineWarning
    ? '\nWARNING: out of touch with the server for too long. Find a connection and sync.'
    : '';
  const error = status.lastError ? `\nlast error: ${describeSyncError(status.lastError)}` : '';
  return parts.join(' · ') + warning + error;
}

function nextAttempt(status: PosStatus, nowMs: number): string {
  const at = status.sync?.nextAttemptAt ?? null;
  return at === null ? '' : `, next try in ${Math.max(0, Math.round((at - nowMs) / 1000))} s`;
}

export function describeSyncError(error: SyncError): string {
  return `${error.kind}${'code' in error && error.code ? ` ${error.code}` : ''}: ${error.message}`;
}

export function renderQueue(items: readonly QueuedWorkItem[], currency: string | null): string {
  if (items.length === 0) return 'The queue is empty: the server has every order.';
  return items
    .map(
      (item) =>
        `#${item.seq} ${item.kind} ${item.wristbandUid ?? ''} ${itemAmount(item, currency)} ` +
        `queued ${time(item.createdAt)}, ${item.attempts} attempt(s)${item.lastError ? `, last error: ${item.lastError}` : ''}`,
    )
    .join('\n');
}

/** An order's total, or what a void or a refund takes back. */
function itemAmount(item: QueuedWorkItem | RejectedItem, currency: string | null): string {
  const { adjustment } = item;
  if (adjustment === null) return money(item.amountCents, currency);
  return adjustment.amountCents === null
    ? 'void (what is left)'
    : `refund ${money(adjustment.amountCents, currency)}`;
}

export function renderOrders(orders: readonly RecentOrder[]): string {
  if (orders.length === 0) return 'No orders yet.';
  return orders
    .map((order) => {
      const items = order.items.map((item) => `${item.quantity}x ${item.productName}`).join(', ');
      const state =
        order.syncState === 'rejected'
          ? `rejected (${order.rejection?.code ?? '?'})`
          : order.syncState;
      return `${time(order.placedAt)} ${order.wristbandUid} ${money(order.totalCents, order.currency)} ${state}${takenBack(order)}: ${items}`;
    })
    .join('\n');
}

/** What voids and refunds took back from an order, confirmed or still queued. */
function takenBack(order: RecentOrder): string {
  const { confirmedCents, queuedCents } = order.takenBack;
  if (!order.voided && confirmedCents + queuedCents === 0) return '';
  const parts = [order.voided ? 'voided' : 'refunded'];
  if (confirmedCents > 0) parts.push(`${money(confirmedCents, order.currency)} back`);
  if (queuedCents > 0) parts.push(`${money(queuedCents, order.currency)} back, queued`);
  return ` (${parts.join(', ')})`;
}

export function renderRejected(items: readonly RejectedItem[], currency: string | null): string {
  if (items.length === 0) return 'No rejected items.';
  return items
    .map(
      (item) =>
        `#${item.seq} ${item.wristbandUid ?? ''} ${itemAmount(item, currency)}: ${item.code}, ${item.message}`,
    )
    .join('\n');
}
