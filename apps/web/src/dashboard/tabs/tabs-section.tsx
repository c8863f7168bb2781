import { useDeferredValue, useId, useState } from 'react';
import { DownloadCsvButton } from '../exports/download-csv-button.tsx';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { Freshness, useFreshness } from '../live/freshness.tsx';
import { useEvent } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCount } from '../ui/format.ts';
import { TabTable } from './tab-table.tsx';
import { useTabs } from './use-tabs.ts';

/**
 * Attendees' tabs: what each owes (the sum of the tab's ledger entries),
 * found by the wearer's name or a band's code.
 */
function TabsPage() {
  const event = useEvent();
  const searchId = useId();
  const [text, setText] = useState('');
  const search = useDeferredValue(text.trim());
  const tabs = useTabs(event.id, search);
  const freshness = useFreshness([tabs]);
  const list = tabs.data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Tabs</h1>
        <Freshness freshness={freshness} />
        <DownloadCsvButton export="tabs" />
      </div>
      <div className="search-bar">
        <label htmlFor={searchId}>Name or wristband code</label>
        <input
          id={searchId}
          type="search"
          value={text}
          onChange={(change) => setText(change.target.value)}
        />
      </div>
      {tabs.isError && tabs.data === undefined ? (
        <ErrorMessage error={tabs.error} prefix="The tabs could not be loaded:" />
      ) : null}
      {tabs.data && list.length === 0 ? (
        <div className="card empty-state">
          <p className="empty-title">{search === '' ? 'No tabs yet' : 'No tab matches'}</p>
          <p className="muted">A tab opens with its attendee&apos;s first processed order.</p>
        </div>
      ) : null}
      {list.length > 0 ? <TabTable tabs={list} timeZone={event.timeZone} /> : null}
      {tabs.data?.truncated ? (
        <p className="muted">
          Only the first {formatCount(list.length)} tabs are shown; search to find others.
        </p>
      ) : null}
    </>
  );
}

export const tabsSection: DashboardSection = { id: 'tabs', label: 'Tabs', Page: TabsPage };
