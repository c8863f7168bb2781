import type { TabSummary } from '@tabline/protocol';
import { formatCents, formatCount, formatDateTime } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';

/** Tabs: whose, their bands, what they owe, and what was charged and taken back. */
export function TabTable(props: {
  readonly tabs: readonly TabSummary[];
  readonly timeZone: string;
}) {
  return (
    <table className="data-table" data-testid="tabs">
      <caption className="visually-hidden">Tabs, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Attendee</th>
          <th scope="col">Wristbands</th>
          <th scope="col" className="num">
            Balance
          </th>
          <th scope="col" className="num">
            Charged
          </th>
          <th scope="col" className="num">
            Voided
          </th>
          <th scope="col" className="num">
            Refunded
          </th>
          <th scope="col" className="num">
            Orders
          </th>
          <th scope="col">Last order</th>
        </tr>
      </thead>
      <tbody>
        {props.tabs.map((tab) => (
          <tr key={tab.id} data-id={tab.id}>
            <th scope="row">
              {tab.attendeeName}
              {tab.status === 'closed' ? <StatusPill tone="neutral">Closed</StatusPill> : null}
            </th>
            <td>
              <span className="order-flags">
                {tab.wristbands.map((band) => (
                  <span key={band.uid} className="mono">
                    {band.uid}
                    {band.status === 'blocked' ? (
                      <StatusPill tone="danger">Blocked</StatusPill>
                    ) : null}
                  </span>
                ))}
              </span>
            </td>
            <td className="num" data-testid="tab-balance">
              <strong>{formatCents(tab.balanceCents, tab.currency)}</strong>
            </td>
            <td className="num">{formatCents(tab.chargedCents, tab.currency)}</td>
            <td className="num">{formatCents(tab.voidedCents, tab.currency)}</td>
            <td className="num">{formatCents(tab.refundedCents, tab.currency)}</td>
            <td className="num">{formatCount(tab.orders)}</td>
            <td>{tab.lastOrderAt ? formatDateTime(tab.lastOrderAt, props.timeZone) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
