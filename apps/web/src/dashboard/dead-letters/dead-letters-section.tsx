import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DeadLetter, JobQueueName } from '@tabline/protocol';
import { redriveDeadLetters } from '../api/dead-letters.ts';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, useFreshness } from '../live/freshness.tsx';
import { NAV_BADGE_REFRESH_MS } from '../live/live-query-options.ts';
import { OrderDialog } from '../orders/order-dialog.tsx';
import { salesKey } from '../overview/use-event-sales.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatAgo, formatCount, formatDateTime, shortId } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { deadLettersKey, useDeadLetters } from './use-dead-letters.ts';

/** What each queue's jobs do, as people say it. */
const QUEUE_LABELS: Record<JobQueueName, string> = {
  'process-order': 'Order processing',
  'send-sms': 'Text receipt',
};

const QUEUES = Object.keys(QUEUE_LABELS) as JobQueueName[];

type Filter = JobQueueName | 'all';

/** A redrive asked for: these dead letters, or every one of the filter's queues. */
type Redrive = { readonly kind: 'one'; readonly letter: DeadLetter } | { readonly kind: 'all' };

/**
 * Jobs about the event's orders and texts that failed every retry: what
 * they were about and why they failed, and a redrive (one, or all) once the
 * cause is fixed. Handlers are safe to run again: nothing is charged or
 * texted twice.
 */
function DeadLettersPage() {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const letters = useDeadLetters(event.id);
  const freshness = useFreshness([letters]);
  const { now } = freshness;
  const [filter, setFilter] = useState<Filter>('all');
  const [redrive, setRedrive] = useState<Redrive | null>(null);
  const [openOrder, setOpenOrder] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const all = letters.data?.items ?? [];
  const shown = filter === 'all' ? all : all.filter((letter) => letter.queue === filter);

  const run = async (request: Redrive) => {
    let redriven = 0;
    for (const body of redriveRequests(request, filter, shown)) {
      redriven += (await redriveDeadLetters(api, event.id, body)).redriven;
    }
    setDone(`${formatCount(redriven)} ${redriven === 1 ? 'job' : 'jobs'} sent back to run again.`);
    await queryClient.invalidateQueries({ queryKey: deadLettersKey(event.id) });
    await queryClient.invalidateQueries({ queryKey: salesKey(event.id) });
  };

  return (
    <>
      <div className="page-head">
        <h1>Dead letters</h1>
        <Freshness freshness={freshness} />
        <button
          type="button"
          className="button-primary"
          disabled={shown.length === 0}
          onClick={() => setRedrive({ kind: 'all' })}
        >
          Redrive all {shown.length > 0 ? `(${formatCount(shown.length)})` : ''}
        </button>
      </div>
      <div className="segmented" role="group" aria-label="Queue">
        {(['all', ...QUEUES] as const).map((queue) => (
          <button
            key={queue}
            type="button"
            aria-pressed={filter === queue}
            onClick={() => setFilter(queue)}
          >
            {queue === 'all' ? 'All queues' : QUEUE_LABELS[queue]}{' '}
            <span className="segmented-count">
              {formatCount(
                queue === 'all' ? all.length : all.filter((l) => l.queue === queue).length,
              )}
            </span>
          </button>
        ))}
      </div>
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {letters.isError && letters.data === undefined ? (
        <ErrorMessage error={letters.error} prefix="Dead letters could not be loaded:" />
      ) : null}
      {letters.data && shown.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-title">No dead letters</p>
          <p className="muted">
            Every job about this event&apos;s orders and texts has succeeded or is still being
            retried.
          </p>
        </div>
      ) : null}
      {shown.length > 0 ? (
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
            {shown.map((letter) => (
              <tr key={letter.id} data-id={letter.id}>
                <td>
                  <StatusPill tone={letter.queue === 'process-order' ? 'danger' : 'warn'}>
                    {QUEUE_LABELS[letter.queue]}
                  </StatusPill>
                </td>
                <td>
                  <About letter={letter} onOpenOrder={setOpenOrder} />
                </td>
                <td className="num">{formatCount(letter.attempts)}</td>
                <td className="cell-error">{letter.error || 'no message'}</td>
                <td title={formatDateTime(letter.deadAt, event.timeZone)}>
                  {formatAgo(letter.deadAt, now)}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button-small"
                    onClick={() => setRedrive({ kind: 'one', letter })}
                    aria-label={`Redrive job ${shortId(letter.id)}`}
                  >
                    Redrive
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {redrive ? (
        <ConfirmDialog
          title={
            redrive.kind === 'one'
              ? 'Redrive this job?'
              : `Redrive ${formatCount(shown.length)} jobs?`
          }
          confirmLabel="Redrive"
          onClose={() => setRedrive(null)}
          onConfirm={() => run(redrive)}
        >
          <p>
            {redrive.kind === 'one' ? 'The job goes' : 'The jobs go'} back to{' '}
            {redrive.kind === 'one' ? 'its' : 'their'} queue and run again. Fix what made{' '}
            {redrive.kind === 'one' ? 'it' : 'them'} fail first: a job that fails every retry again
            comes back here. Nothing is charged or texted twice.
          </p>
        </ConfirmDialog>
      ) : null}
      {openOrder ? <OrderDialog orderId={openOrder} onClose={() => setOpenOrder(null)} /> : null}
    </>
  );
}

/** The bodies of the redrive: one dead letter, or every one of each queue shown. */
function redriveRequests(request: Redrive, filter: Filter, shown: readonly DeadLetter[]) {
  if (request.kind === 'one') return [{ queue: request.letter.queue, ids: [request.letter.id] }];
  const queues = filter === 'all' ? QUEUES : [filter];
  return queues
    .filter((queue) => shown.some((letter) => letter.queue === queue))
    .map((queue) => ({ queue }));
}

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

function DeadLettersBadge() {
  const event = useEvent();
  const letters = useDeadLetters(event.id, NAV_BADGE_REFRESH_MS);
  const count = letters.data?.items.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-badge nav-badge-danger">
      {count}
      <span className="visually-hidden"> dead {count === 1 ? 'letter' : 'letters'}</span>
    </span>
  );
}

export const deadLettersSection: DashboardSection = {
  id: 'dead-letters',
  label: 'Dead letters',
  Page: DeadLettersPage,
  Badge: DeadLettersBadge,
};
