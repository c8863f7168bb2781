import { useId } from 'react';
import type { MouseEvent } from 'react';
import type { EventDetails } from '@tabline/protocol';
import { useEvent, useSession } from '../session/session-context.ts';
import type { DashboardSection } from './dashboard-section.ts';
import { SECTIONS } from './sections.ts';
import { sectionHref, useHashRoute } from './use-hash-route.ts';

/**
 * The frame of every page: the sections down the side (with what needs
 * attention counted beside them), the event at the top (a picker when
 * there are several), and the page.
 */
export function AppShell(props: {
  readonly events: readonly EventDetails[];
  readonly onPickEvent: (eventId: string) => void;
  readonly managerRole: boolean;
}) {
  const route = useHashRoute();
  const event = useEvent();
  const section = SECTIONS.find((candidate) => candidate.id === route.sectionId) ?? SECTIONS[0]!;
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <Sidebar current={section} showBadges={props.managerRole} />
      <div className="content">
        <TopBar events={props.events} onPickEvent={props.onPickEvent} />
        <main id="main" className="page" tabIndex={-1}>
          {props.managerRole ? (
            <section.Page key={`${event.id}/${section.id}`} detail={route.detail} />
          ) : (
            <NotAManager />
          )}
        </main>
      </div>
    </div>
  );
}

/**
 * Moves focus to the page without following the link: the address's hash
 * is the dashboard's route, and `#main` is no page.
 */
function skipToContent(click: MouseEvent<HTMLAnchorElement>) {
  click.preventDefault();
  document.getElementById('main')?.focus();
}

function Sidebar(props: { readonly current: DashboardSection; readonly showBadges: boolean }) {
  const { session, signOut } = useSession();
  return (
    <aside className="sidebar-column">
      <div className="sidebar">
        <p className="brand">
          Tabline <span className="brand-sub">Dashboard</span>
        </p>
        <nav aria-label="Sections">
          <ul className="nav-list">
            {SECTIONS.map((section) => (
              <li key={section.id}>
                <a
                  className="nav-link"
                  href={sectionHref(section.id)}
                  aria-current={section.id === props.current.id ? 'page' : undefined}
                >
                  <span>{section.label}</span>
                  {props.showBadges && section.Badge ? <section.Badge /> : null}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <p className="signed-in-as">
            Signed in as <strong>{session.user.name}</strong>
          </p>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </div>
    </aside>
  );
}

function TopBar(props: {
  readonly events: readonly EventDetails[];
  readonly onPickEvent: (eventId: string) => void;
}) {
  const event = useEvent();
  const pickerId = useId();
  return (
    <header className="topbar">
      {props.events.length > 1 ? (
        <div className="event-picker">
          <label htmlFor={pickerId}>Event</label>
          <select
            id={pickerId}
            value={event.id}
            onChange={(change) => props.onPickEvent(change.target.value)}
          >
            {props.events.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="event-name">{event.name}</p>
      )}
      <p className="event-facts">
        {event.currency} · {event.timeZone} · you are {articleFor(event.role)} {event.role}
      </p>
    </header>
  );
}

function articleFor(role: string): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}

function NotAManager() {
  const event = useEvent();
  return (
    <div className="empty-state">
      <h1>Managers only</h1>
      <p>
        You are a {event.role} at {event.name}. The dashboard shows sales, devices and attendees,
        which only the event&apos;s managers and owners may see. Ask an owner for a manager&apos;s
        role.
      </p>
    </div>
  );
}
