import { useQuery } from '@tanstack/react-query';
import { readOrder } from '../api/orders.ts';
import { isPermanent } from '../api/api-error.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCents, formatCount, formatDateTime, shortId } from '../ui/format.ts';
import { Modal } from '../ui/modal.tsx';
import { StatusPill } from '../ui/status-pill.tsx';

export const orderKey = (eventId: string, orderId: string) => ['orders', eventId, orderId] as const;

/** One order as the server has it: its lines, what was charged, its flags, voids and refunds. */
export function OrderDialog(props: { readonly orderId: string; readonly onClose: () => void }) {
  const event = useEvent();
  const { api } = useSession();
  const order = useQuery({
    queryKey: orderKey(event.id, props.orderId),
    queryFn: ({ signal }) => readOrder(api, event.id, props.orderId, signal),
    retry: (count, error) => count < 2 && !isPermanent(error),
  });
  return (
    <Modal title={`Order ${shortId(props.orderId)}`} onClose={props.onClose} wide>
      {order.isPending ? <p>Loading…</p> : null}
      {order.isError ? <ErrorMessage error={order.error} /> : null}
      {order.data ? (
        <>
          <dl className="facts">
            <div>
              <dt>State</dt>
              <dd>
                <StatusPill tone={order.data.status === 'processed' ? 'ok' : 'info'}>
                  {order.data.status === 'processed' ? 'Processed' : 'Waiting to be processed'}
                </StatusPill>
                {order.data.voided ? <StatusPill tone="danger">Voided</StatusPill> : null}
              </dd>
            </div>
            <div>
              <dt>Wristband</dt>
              <dd className="mono">{order.data.wristbandUid}</dd>
            </div>
            <div>
              <dt>Placed</dt>
              <dd>{formatDateTime(order.data.placedAt, event.timeZone)}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>{formatDateTime(order.data.receivedAt, event.timeZone)}</dd>
            </div>
            <div>
              <dt>Total on the device</dt>
              <dd>{formatCents(order.data.totalCents, order.data.currency)}</dd>
            </div>
            <div>
              <dt>Charged to the tab</dt>
              <dd>
                {order.data.chargedCents === null
                  ? 'not yet'
                  : formatCents(order.data.chargedCents, order.data.currency)}
              </dd>
            </div>
          </dl>
          {order.data.flags.length > 0 ? (
            <p>
              Flagged for review:{' '}
              {order.data.flags.map((flag) => (
                <StatusPill key={flag} tone="warn">
                  {flag}
                </StatusPill>
              ))}
            </p>
          ) : null}
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Price
                </th>
              </tr>
            </thead>
            <tbody>
              {order.data.items.map((item, index) => (
                <tr key={index}>
                  <th scope="row">{item.productName}</th>
                  <td className="num">{formatCount(item.quantity)}</td>
                  <td className="num">{formatCents(item.unitPriceCents, order.data.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
