import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { SessionResponse } from '@tabline/protocol';
import { createApiClient } from '../api/api-client.ts';
import { signIn } from '../api/sessions.ts';
import { ErrorMessage } from '../ui/error-message.tsx';

const anonymous = createApiClient({ token: null });

/** Email and password, for managers and owners; `notice` says why they are here again. */
export function SignInPage(props: {
  readonly notice: string | null;
  readonly onSignedIn: (session: SessionResponse) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();
  const attempt = useMutation({
    mutationFn: () => signIn(anonymous, { email, password }),
    onSuccess: props.onSignedIn,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    attempt.mutate();
  };
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit}>
        <p className="brand brand-large">
          Tabline <span className="brand-sub">Dashboard</span>
        </p>
        <h1>Sign in</h1>
        <p className="muted">Live sales, devices and attendees of your events.</p>
        {props.notice ? (
          <p className="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <label htmlFor={emailId}>Email</label>
        <input
          id={emailId}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {attempt.error ? <ErrorMessage error={attempt.error} /> : null}
        <button type="submit" className="button-primary" disabled={attempt.isPending}>
          {attempt.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
