import type { OrderSummary } from '@tabline/protocol';
import { formatCents, formatDateTime, shortId } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { flagLabel } from './flag-labels.ts';

/** Orders, newest first: when, where, whose band, what was charged, and any flags with their review. */
export function OrderTable(props: {
  readonly orders: readonly OrderSummary[];
  readonly timeZone: string;
  readonly onOpen: (orderId: string) => void;
  readonly onReview: (order: OrderSummary) => void;
}) {
  return (
    <table className="data-table" data-testid="orders">
      <caption className="visually-hidden">Orders, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Received</th>
          <th scope="col">Where</th>
          <th scope="col">Wristband</th>
          <th scope="col" className="num">
            Charged
          </th>
          <th scope="col">Flags</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((order) => (
          <tr key={order.id} data-id={order.id}>
            <td>
              <button
                type="button"
                className="link-button mono"
                onClick={() => props.onOpen(order.id)}
                aria-label={`Order ${shortId(order.id)}`}
              >
                {shortId(order.id)}
              </button>
            </td>
            <td>{formatDateTime(order.receivedAt, props.timeZone)}</td>
            <td>
              {order.locationName ?? 'no location'}
              <span className="muted"> · {order.deviceName}</span>
            </td>
            <td>
              <span className="mono">{order.wristbandUid}</span>
              {order.attendeeName ? <span className="muted"> · {order.attendeeName}</span> : null}
            </td>
            <td className="num">
              <Charged order={order} />
            </td>
            <td>
              <Flags order={order} />
            </td>
            <td className="cell-actions">
              {order.needsReview ? (
                <button
                  type="button"
                  className="button-small"
                  onClick={() => props.onReview(order)}
                  aria-label={`Mark reviewed: order ${shortId(order.id)}`}
                >
                  Mark reviewed
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Charged(props: { readonly order: OrderSummary }) {
  const { order } = props;
  if (order.voided) return <StatusPill tone="danger">Voided</StatusPill>;
  if (order.chargedCents === null) return <StatusPill tone="info">Processing</StatusPill>;
  return <>{formatCents(order.chargedCents, order.currency)}</>;
}

function Flags(props: { readonly order: OrderSummary }) {
  const { order } = props;
  if (order.flags.length === 0) return null;
  return (
    <span className="order-flags">
      {order.flags.map((flag) => (
        <StatusPill key={flag} tone={order.needsReview ? 'warn' : 'neutral'}>
          {flagLabel(flag)}
        </StatusPill>
      ))}
      {order.review && !order.needsReview ? (
        <span className="muted" title={order.review.reason}>
          {' '}
          reviewed by {order.review.reviewedByName}
        </span>
      ) : null}
    </span>
  );
}
