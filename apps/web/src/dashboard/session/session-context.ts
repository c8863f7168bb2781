import { createContext, useContext } from 'react';
import type { EventDetails, SessionResponse } from '@tabline/protocol';
import type { ApiClient } from '../api/api-client.ts';

/** The signed-in member of staff, an API client with their token, and the way out. */
export interface SessionValue {
  readonly session: SessionResponse;
  readonly api: ApiClient;
  readonly signOut: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside a signed-in dashboard');
  return value;
}

/** The event the dashboard shows, with the signed-in member's role for it. */
export const EventContext = createContext<EventDetails | null>(null);

export function useEvent(): EventDetails {
  const value = useContext(EventContext);
  if (value === null) throw new Error('useEvent outside an event');
  return value;
}
