import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { SessionResponse } from '@tabline/protocol';
import { createApiClient } from './api/api-client.ts';
import { signOut } from './api/sessions.ts';
import { EventGate } from './layout/event-gate.tsx';
import { SessionContext } from './session/session-context.ts';
import type { SessionValue } from './session/session-context.ts';
import { clearSession, loadSession, saveSession } from './session/stored-session.ts';
import { SignInPage } from './sign-in/sign-in-page.tsx';

const SESSION_ENDED = 'Your session has ended. Sign in again to carry on.';

/** Signed out: the sign-in page. Signed in: the dashboard of the picked event. */
export function DashboardApp() {
  const queryClient = useQueryClient();
  const [session, setSession] = useState(() => loadSession(Date.now()));
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback(
    (reason: string | null) => {
      clearSession();
      queryClient.clear();
      setSession(null);
      setNotice(reason);
    },
    [queryClient],
  );

  const value = useMemo((): SessionValue | null => {
    if (session === null) return null;
    const api = createApiClient({ token: session.token, onSessionEnded: () => end(SESSION_ENDED) });
    return {
      session,
      api,
      signOut: () => {
        // The token stops working on the server too; signing out here does
        // not wait for it (an unreachable server must not keep anyone in).
        signOut(api).catch(() => undefined);
        end('You are signed out.');
      },
    };
  }, [session, end]);

  const signedIn = (next: SessionResponse) => {
    saveSession(next);
    setNotice(null);
    setSession(next);
  };

  if (value === null) return <SignInPage notice={notice} onSignedIn={signedIn} />;
  return (
    <SessionContext value={value}>
      <EventGate />
    </SessionContext>
  );
}
