import { useState } from 'react';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, useFreshness } from '../live/freshness.tsx';
import { NAV_BADGE_REFRESH_MS } from '../live/live-query-options.ts';
import { OrderDialog } from '../orders/order-dialog.tsx';
import { useEvent } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCount } from '../ui/format.ts';
import { DeadLetterTable } from './dead-letter-table.tsx';
import { QUEUES, QUEUE_LABELS } from './queue-labels.ts';
import type { QueueFilter } from './queue-labels.ts';
import { RedriveDialog } from './redrive-dialog.tsx';
import type { Redrive } from './redrive-dialog.tsx';
import { useDeadLetters } from './use-dead-letters.ts';

/**
 * Jobs about the event's orders and texts that failed every retry: what
 * they were about and why they failed, and a redrive (one, or all) once the
 * cause is fixed. Handlers are safe to run again: nothing is charged or
 * texted twice.
 */
function DeadLettersPage() {
  const event = useEvent();
  const letters = useDeadLetters(event.id);
  const freshness = useFreshness([letters]);
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [redrive, setRedrive] = useState<Redrive | null>(null);
  const [openOrder, setOpenOrder] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const all = letters.data?.items ?? [];
  const shown = filter === 'all' ? all : all.filter((letter) => letter.queue === filter);
  const countOf = (queue: QueueFilter) =>
    queue === 'all' ? all.length : all.filter((letter) => letter.queue === queue).length;
  return (
    <>
      <div className="page-head">
        <h1>Dead letters</h1>
        <Freshness freshness={freshness} />
        <button
          type="button"
          className="button-primary"
          disabled={shown.length === 0}
          onClick={() => setRedrive({ kind: 'all', filter, shown })}
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
            <span className="segmented-count">{formatCount(countOf(queue))}</span>
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
      {letters.data && shown.length === 0 ? <NoDeadLetters /> : null}
      {shown.length > 0 ? (
        <DeadLetterTable
          letters={shown}
          now={freshness.now}
          timeZone={event.timeZone}
          onRedrive={(letter) => setRedrive({ kind: 'one', letter })}
          onOpenOrder={setOpenOrder}
        />
      ) : null}
      {redrive ? (
        <RedriveDialog
          redrive={redrive}
          onClose={() => setRedrive(null)}
          onDone={(redriven) =>
            setDone(
              `${formatCount(redriven)} ${redriven === 1 ? 'job' : 'jobs'} sent back to run again.`,
            )
          }
        />
      ) : null}
      {openOrder ? <OrderDialog orderId={openOrder} onClose={() => setOpenOrder(null)} /> : null}
    </>
  );
}

function NoDeadLetters() {
  return (
    <div className="card empty-state">
      <p className="empty-title">No dead letters</p>
      <p className="muted">
        Every job about this event&apos;s orders and texts has succeeded or is still being retried.
      </p>
    </div>
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
