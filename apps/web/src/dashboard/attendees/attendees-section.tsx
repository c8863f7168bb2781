import { useDeferredValue, useId, useState } from 'react';
import { normalizeWristbandUid } from '@tabline/domain';
import type { AttendeeDetails } from '@tabline/protocol';
import { ApiError } from '../api/api-error.ts';
import type { DashboardSection } from '../layout/dashboard-section.ts';
import { sectionHref } from '../layout/use-hash-route.ts';
import { useEvent } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCount } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { AttendeePanel } from './attendee-panel.tsx';
import { searchAttendees } from './search-attendees.ts';
import { useAttendees, useWristbandLookup } from './use-attendees.ts';

/** Results listed at once; typing more narrows them. */
export const SEARCH_RESULTS_SHOWN = 50;

/**
 * Attendees and their wristbands: find someone by name, phone or band code,
 * see their bands, and block a lost one (devices refuse it after their next
 * pull).
 */
function AttendeesPage(props: { readonly detail: string | null }) {
  const event = useEvent();
  const attendees = useAttendees(event.id);
  const [text, setText] = useState('');
  const search = useDeferredValue(text);
  const searchId = useId();
  const all = attendees.data?.items ?? [];
  const found = searchAttendees(all, search);
  const shown = found.slice(0, SEARCH_RESULTS_SHOWN);
  return (
    <>
      <div className="page-head">
        <h1>Attendees</h1>
        {attendees.data ? <p className="muted">{formatCount(all.length)} registered</p> : null}
      </div>
      <div className="split">
        <section className="card split-list" aria-label="Find an attendee">
          <label htmlFor={searchId}>Name, phone or wristband code</label>
          <input
            id={searchId}
            type="search"
            placeholder="Guest 7, 555 0107 or TL0007"
            value={text}
            onChange={(change) => setText(change.target.value)}
          />
          <WristbandMatch text={search} nameMatches={found.length} />
          {attendees.isPending ? <p className="muted">Loading attendees…</p> : null}
          {attendees.isError ? (
            <ErrorMessage error={attendees.error} prefix="Attendees could not be loaded:" />
          ) : null}
          {attendees.data?.truncated ? (
            <p className="muted">
              Only the first {formatCount(all.length)} attendees are searched by name; a wristband
              code finds anyone.
            </p>
          ) : null}
          <ul className="result-list" aria-label="Attendees found">
            {shown.map((attendee) => (
              <AttendeeResult
                key={attendee.id}
                attendee={attendee}
                selected={attendee.id === props.detail}
              />
            ))}
          </ul>
          {found.length > shown.length ? (
            <p className="muted">
              {formatCount(found.length - shown.length)} more: type more to narrow the list.
            </p>
          ) : null}
          {attendees.data && found.length === 0 ? <p className="muted">No one matches.</p> : null}
        </section>
        <div className="split-detail">
          {props.detail === null ? (
            <div className="card empty-state">
              <p>
                Pick an attendee to see their wristbands, or search for a lost band&apos;s code.
              </p>
            </div>
          ) : (
            <AttendeePanel attendeeId={props.detail} />
          )}
        </div>
      </div>
    </>
  );
}

function AttendeeResult(props: { readonly attendee: AttendeeDetails; readonly selected: boolean }) {
  const { attendee } = props;
  return (
    <li>
      <a
        className="result"
        href={sectionHref('attendees', attendee.id)}
        aria-current={props.selected ? 'true' : undefined}
      >
        <span className="cell-main">{attendee.name}</span>
        <span className="cell-sub">{attendee.phone ?? 'no phone'}</span>
        {attendee.tier === 'vip' ? <StatusPill tone="info">VIP</StatusPill> : null}
      </a>
    </li>
  );
}

/**
 * What was typed, if it could be a wristband code, looked up exactly. "No
 * such band" is said only when no name matched either: "guest 7" could be
 * a code, but it is a name.
 */
function WristbandMatch(props: { readonly text: string; readonly nameMatches: number }) {
  const event = useEvent();
  const normalized = normalizeWristbandUid(props.text);
  const uid = normalized.ok && /\d/.test(normalized.value) ? normalized.value : null;
  const lookup = useWristbandLookup(event.id, uid);
  if (uid === null || lookup.isPending) return null;
  if (lookup.isError) {
    const notFound = lookup.error instanceof ApiError && lookup.error.code === 'resource.not_found';
    if (!notFound) return <ErrorMessage error={lookup.error} />;
    return props.nameMatches === 0 ? (
      <p className="muted">No wristband {uid} at this event.</p>
    ) : null;
  }
  return (
    <p className="band-match">
      Wristband <span className="mono">{lookup.data.uid}</span>{' '}
      <StatusPill tone={lookup.data.status === 'blocked' ? 'danger' : 'ok'}>
        {lookup.data.status === 'blocked' ? 'Blocked' : 'Active'}
      </StatusPill>{' '}
      <a href={sectionHref('attendees', lookup.data.attendeeId)}>see its wearer</a>
    </p>
  );
}

export const attendeesSection: DashboardSection = {
  id: 'attendees',
  label: 'Attendees',
  Page: AttendeesPage,
};
