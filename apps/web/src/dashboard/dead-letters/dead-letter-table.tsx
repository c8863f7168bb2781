import type { DeadLetter } from '@tabline/protocol';
import { formatAgo, formatCount, formatDateTime, shortId } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { QUEUE_LABELS } from './queue-labels.ts';

/** Dead letters, oldest first: queue, what each was about, its tries and last error. */
export function DeadLetterTable(props: {
  readonly letters: readonly DeadLetter[];
  readonly now: number;
  readonly timeZone: string;
  readonly onRedrive: (letter: DeadLetter) => void;
  readonly onOpenOrder: (orderId: string) => void;
}) {
  return (
    <table className="data-table" data-testid="dead-letters">
      <caption className="visually-hidden">Dead letters, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">About</th>
          <th scope="col" className="num">
            Tries
          </th>
          <th scope="col">Last error</th>
          <th scope="col">Dead since</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.letters.map((letter) => (
          <tr key={letter.id} data-id={letter.id}>
            <td>
              <StatusPill tone={letter.queue === 'process-order' ? 'danger' : 'warn'}>
                {QUEUE_LABELS[letter.queue]}
              </StatusPill>
            </td>
            <td>
              <About letter={letter} onOpenOrder={props.onOpenOrder} />
            </td>
            <td className="num">{formatCount(letter.attempts)}</td>
            <td className="cell-error">{letter.error || 'no message'}</td>
            <td title={formatDateTime(letter.deadAt, props.timeZone)}>
              {formatAgo(letter.deadAt, props.now)}
            </td>
            <td className="cell-actions">
              <button
                type="button"
                className="button-small"
                onClick={() => props.onRedrive(letter)}
                aria-label={`Redrive job ${shortId(letter.id)}`}
              >
                Redrive
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The order(s) a job was about, each opening its details, or the text it was to send. */
function About(props: { readonly letter: DeadLetter; readonly onOpenOrder: (id: string) => void }) {
  const { letter } = props;
  if (letter.smsId !== null) return <span className="mono">text {shortId(letter.smsId)}</span>;
  return (
    <span className="order-links">
      {letter.orderIds.map((orderId) => (
        <button
          key={orderId}
          type="button"
          className="link-button mono"
          onClick={() => props.onOpenOrder(orderId)}
          aria-label={`Order ${shortId(orderId)}`}
        >
          order {shortId(orderId)}
        </button>
      ))}
    </span>
  );
}
