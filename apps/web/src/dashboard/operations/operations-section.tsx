import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, useFreshness } from '../live/freshness.tsx';
import { useEvent } from '../session/session-context.ts';
import { Card } from '../ui/card.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCount } from '../ui/format.ts';
import { StatTile } from '../ui/stat-tile.tsx';
import { QueueTable } from './queue-table.tsx';
import { SmsPanel } from './sms-panel.tsx';
import { useQueues, useSms } from './use-operations.ts';

/**
 * The back end at work for the event: the job queues (orders being
 * charged, texts being sent), tabs whose balance disagrees with their
 * ledger, and the text receipts with the SMS provider's state.
 */
function OperationsPage() {
  const event = useEvent();
  const queues = useQueues(event.id);
  const sms = useSms(event.id);
  const freshness = useFreshness([queues, sms]);
  const discrepancies = queues.data?.tabDiscrepancies ?? 0;
  return (
    <>
      <div className="page-head">
        <h1>Operations</h1>
        <Freshness freshness={freshness} />
      </div>
      {queues.isError && queues.data === undefined ? (
        <ErrorMessage error={queues.error} prefix="The queues could not be loaded:" />
      ) : null}
      {queues.data ? (
        <>
          <div className="stats stats-4">
            <StatTile
              label="Tab discrepancies"
              value={formatCount(discrepancies)}
              testId="tab-discrepancies"
              tone={discrepancies > 0 ? 'danger' : 'ok'}
              detail={
                discrepancies > 0
                  ? 'tabs whose balance differs from their ledger'
                  : 'every tab agrees with its ledger'
              }
            />
          </div>
          <Card title="Job queues">
            <QueueTable queues={queues.data.queues} />
          </Card>
        </>
      ) : null}
      {sms.isError && sms.data === undefined ? (
        <ErrorMessage error={sms.error} prefix="The text receipts could not be loaded:" />
      ) : null}
      {sms.data ? <SmsPanel sms={sms.data} timeZone={event.timeZone} /> : null}
    </>
  );
}

export const operationsSection: DashboardSection = {
  id: 'operations',
  label: 'Operations',
  Page: OperationsPage,
};
