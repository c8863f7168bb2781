import type { QueueDepth } from '@tabline/protocol';
import { QUEUE_LABELS } from '../dead-letters/queue-labels.ts';
import { formatCount, formatDuration } from '../ui/format.ts';

/** Each job queue's work for the event: waiting, retrying, running, the oldest wait, and dead letters. */
export function QueueTable(props: { readonly queues: readonly QueueDepth[] }) {
  return (
    <table className="data-table" data-testid="queues">
      <caption className="visually-hidden">Job queues</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="num">
            Queued
          </th>
          <th scope="col" className="num">
            Put off
          </th>
          <th scope="col" className="num">
            Retrying
          </th>
          <th scope="col" className="num">
            Running
          </th>
          <th scope="col" className="num">
            Oldest wait
          </th>
          <th scope="col" className="num">
            Dead letters
          </th>
        </tr>
      </thead>
      <tbody>
        {props.queues.map((queue) => (
          <tr key={queue.queue} data-queue={queue.queue}>
            <th scope="row">{QUEUE_LABELS[queue.queue]}</th>
            <td className="num" data-field="queued">
              {formatCount(queue.queued)}
            </td>
            <td className="num" data-field="delayed">
              {formatCount(queue.delayed)}
            </td>
            <td className="num" data-field="retrying">
              {formatCount(queue.retrying)}
            </td>
            <td className="num" data-field="active">
              {formatCount(queue.active)}
            </td>
            <td className="num">
              {queue.oldestQueuedAgeMs === null ? '—' : formatDuration(queue.oldestQueuedAgeMs)}
            </td>
            <td className="num" data-field="deadLetters">
              {queue.deadLetters > 0 ? (
                <a href="#/dead-letters">{formatCount(queue.deadLetters)}</a>
              ) : (
                formatCount(queue.deadLetters)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
