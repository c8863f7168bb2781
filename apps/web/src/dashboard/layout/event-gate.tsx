import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { EventDetails } from '@tabline/protocol';
import { listEvents } from '../api/events.ts';
import { EventContext, useSession } from '../session/session-context.ts';
import { loadEventId, saveEventId } from '../session/stored-session.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { AppShell } from './app-shell.tsx';

export const eventsKey = ['events'] as const;

/**
 * Finds the events the member of staff may see and the one to show: the
 * one picked last in this tab, or the first. The dashboard's pages need a
 * manager's role for the event; a cashier is told so.
 */
export function EventGate() {
  const { api, signOut } = useSession();
  const events = useQuery({
    queryKey: eventsKey,
    queryFn: ({ signal }) => listEvents(api, signal),
  });
  const [pickedId, setPickedId] = useState(loadEventId);
  const pick = (eventId: string) => {
    saveEventId(eventId);
    setPickedId(eventId);
  };

  if (events.isPending) return <FullPageMessage>Loading your events…</FullPageMessage>;
  if (events.isError) {
    return (
      <FullPageMessage>
        <ErrorMessage error={events.error} prefix="Your events could not be loaded:" />
        <button type="button" onClick={() => void events.refetch()}>
          Try again
        </button>
      </FullPageMessage>
    );
  }
  const list = events.data.items;
  const event = list.find((candidate) => candidate.id === pickedId) ?? list[0];
  if (event === undefined) {
    return (
      <FullPageMessage>
        <p>You have no events yet. An owner of your organisation can create one.</p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </FullPageMessage>
    );
  }
  return (
    <EventContext value={event}>
      <AppShell events={list} onPickEvent={pick} managerRole={isManager(event)} />
    </EventContext>
  );
}

function isManager(event: EventDetails): boolean {
  return event.role === 'manager' || event.role === 'owner';
}

function FullPageMessage(props: { readonly children: ReactNode }) {
  return (
    <main className="full-page-message">
      <div>{props.children}</div>
    </main>
  );
}
