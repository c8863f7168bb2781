import type { SmsStatus } from '@tabline/protocol';
import { Card } from '../ui/card.tsx';
import { formatCount, formatDateTime, formatTimeOfDay, shortId } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { SMS_STATES } from './sms-state-labels.ts';

/** Text receipts: how many are in each state (a bar and its legend), the provider's breaker, the latest failures. */
export function SmsPanel(props: { readonly sms: SmsStatus; readonly timeZone: string }) {
  const { sms } = props;
  const total = SMS_STATES.reduce((sum, { state }) => sum + sms.counts[state], 0);
  return (
    <Card title="Text receipts" className="sms-panel">
      <Breaker sms={sms} timeZone={props.timeZone} />
      <div className="sms-bar" aria-hidden="true">
        {SMS_STATES.filter(({ state }) => sms.counts[state] > 0).map(({ state, tone }) => (
          <span
            key={state}
            className={`sms-bar-part sms-bar-${tone}`}
            style={{ flexGrow: sms.counts[state] }}
          />
        ))}
      </div>
      <dl className="sms-counts" data-testid="sms-counts">
        {SMS_STATES.map(({ state, label, tone }) => (
          <div key={state} data-state={state}>
            <dt>
              <span className={`sms-swatch sms-bar-${tone}`} aria-hidden="true" />
              {label}
            </dt>
            <dd>{formatCount(sms.counts[state])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{formatCount(total)} texts in all.</p>
      <h3>Latest failures</h3>
      {sms.latestFailures.length === 0 ? (
        <p className="muted">No text has failed.</p>
      ) : (
        <table className="data-table" data-testid="sms-failures">
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col">State</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Tries
              </th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {sms.latestFailures.map((failure) => (
              <tr key={failure.smsId}>
                <td className="mono">{shortId(failure.smsId)}</td>
                <td>
                  <StatusPill tone="danger">
                    {failure.state === 'failed' ? 'Failed' : 'Undelivered'}
                  </StatusPill>
                </td>
                <td className="cell-error">
                  {[failure.failureCode, failure.error].filter(Boolean).join(': ') ||
                    'no reason given'}
                </td>
                <td className="num">{formatCount(failure.attempts)}</td>
                <td>{formatDateTime(failure.at, props.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** The provider's breaker: calm when closed, an alert when open (texts wait until it lets a trial through). */
function Breaker(props: { readonly sms: SmsStatus; readonly timeZone: string }) {
  const { provider } = props.sms;
  if (provider.breaker === 'open') {
    return (
      <p className="error-message" role="alert" data-testid="sms-breaker">
        The SMS provider is failing: texts are not being sent and wait in the queue.
        {provider.retryAt
          ? ` A trial text goes at ${formatTimeOfDay(provider.retryAt, props.timeZone)}.`
          : ''}
      </p>
    );
  }
  return (
    <p data-testid="sms-breaker">
      SMS provider:{' '}
      {provider.breaker === 'closed' ? (
        <StatusPill tone="ok">Working</StatusPill>
      ) : (
        <StatusPill tone="warn">Being tried again</StatusPill>
      )}
    </p>
  );
}
