import type { SessionResponse } from '@tabline/protocol';

const SESSION_KEY = 'tabline.dashboard.session';
const EVENT_KEY = 'tabline.dashboard.eventId';

/**
 * The staff session is kept in sessionStorage, not localStorage: it lasts
 * as long as the browser tab, survives a reload, and is gone when the tab
 * is closed. Dashboards are opened on shared laptops and tablets at the
 * event; a bearer token that outlived the tab would leave the next person
 * signed in as a manager. Nor is it shared with other tabs, so signing out
 * in one tab cannot leave another holding a dead token for long: its next
 * request is refused and it asks for a sign-in.
 */
export function loadSession(nowMs: number): SessionResponse | null {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (text === null) return null;
  try {
    const session = JSON.parse(text) as SessionResponse;
    if (typeof session.token !== 'string' || Date.parse(session.expiresAt) <= nowMs) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    clearSession();
    return null;
  }
}

export function saveSession(session: SessionResponse): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(EVENT_KEY);
}

/** The event picked last in this tab, so a reload comes back to it. */
export function loadEventId(): string | null {
  return sessionStorage.getItem(EVENT_KEY);
}

export function saveEventId(eventId: string): void {
  sessionStorage.setItem(EVENT_KEY, eventId);
}
