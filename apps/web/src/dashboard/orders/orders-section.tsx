import { useState } from 'react';
import type { OrderSummary } from '@tabline/protocol';
import { DownloadCsvButton } from '../exports/download-csv-button.tsx';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, useFreshness } from '../live/freshness.tsx';
import { NAV_BADGE_REFRESH_MS } from '../live/live-query-options.ts';
import { useEvent } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCount } from '../ui/format.ts';
import { OrderDialog } from './order-dialog.tsx';
import { OrderTable } from './order-table.tsx';
import { ReviewOrderDialog } from './review-order-dialog.tsx';
import { useOrders } from './use-orders.ts';

type OrderFilter = 'needs-review' | 'all';

/**
 * The event's orders, newest first. Orders the server kept but flagged
 * (an unknown band, a changed price) wait for a manager to look at them and
 * say why they stand; while any wait, the page opens on them.
 */
function OrdersPage() {
  const event = useEvent();
  const flagged = useOrders(event.id, true);
  const all = useOrders(event.id, false);
  const freshness = useFreshness([flagged, all]);
  // The page opens on the orders needing review if there are any.
  const [picked, setPicked] = useState<OrderFilter | null>(null);
  const [openOrder, setOpenOrder] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState<OrderSummary | null>(null);
  const needingReview = flagged.data?.items.length ?? 0;
  // Decided once, on the first answer: reviewing the last flagged order leaves the page where it is.
  if (picked === null && flagged.data) setPicked(needingReview > 0 ? 'needs-review' : 'all');
  const filter = picked ?? 'all';
  const shown = filter === 'needs-review' ? flagged : all;
  const orders = shown.data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Orders</h1>
        <Freshness freshness={freshness} />
        <DownloadCsvButton export="orders" />
      </div>
      <div className="segmented" role="group" aria-label="Orders shown">
        <button
          type="button"
          aria-pressed={filter === 'needs-review'}
          onClick={() => setPicked('needs-review')}
        >
          Flagged for review <span className="segmented-count">{formatCount(needingReview)}</span>
        </button>
        <button type="button" aria-pressed={filter === 'all'} onClick={() => setPicked('all')}>
          All orders
        </button>
      </div>
      {shown.isError && shown.data === undefined ? (
        <ErrorMessage error={shown.error} prefix="The orders could not be loaded:" />
      ) : null}
      {shown.data && orders.length === 0 ? <NoOrders filter={filter} /> : null}
      {orders.length > 0 ? (
        <OrderTable
          orders={orders}
          timeZone={event.timeZone}
          onOpen={setOpenOrder}
          onReview={setReviewing}
        />
      ) : null}
      {shown.data?.truncated ? (
        <p className="muted">
          Only the newest {formatCount(orders.length)} orders are shown; the CSV has them all.
        </p>
      ) : null}
      {openOrder ? <OrderDialog orderId={openOrder} onClose={() => setOpenOrder(null)} /> : null}
      {reviewing ? (
        <ReviewOrderDialog order={reviewing} onClose={() => setReviewing(null)} />
      ) : null}
    </>
  );
}

function NoOrders(props: { readonly filter: OrderFilter }) {
  return (
    <div className="card empty-state">
      <p className="empty-title">
        {props.filter === 'needs-review' ? 'No orders need review' : 'No orders yet'}
      </p>
      <p className="muted">
        {props.filter === 'needs-review'
          ? 'Every flagged order has been reviewed.'
          : 'Orders appear here as the devices deliver them.'}
      </p>
    </div>
  );
}

function OrdersBadge() {
  const event = useEvent();
  const flagged = useOrders(event.id, true, NAV_BADGE_REFRESH_MS);
  const count = flagged.data?.items.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-badge">
      {count}
      <span className="visually-hidden"> {count === 1 ? 'order needs' : 'orders need'} review</span>
    </span>
  );
}

export const ordersSection: DashboardSection = {
  id: 'orders',
  label: 'Orders',
  Page: OrdersPage,
  Badge: OrdersBadge,
};
